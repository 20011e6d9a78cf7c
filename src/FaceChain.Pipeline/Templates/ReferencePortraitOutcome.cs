namespace FaceChain.Pipeline.Templates;

/// <summary>What became of a redraw's reference portrait.</summary>
public enum ReferencePortraitOutcome
{
    /// <summary>Not rendered: the model set has no OpenPose ControlNet, the settings turn it off, or the host has no face detector.</summary>
    Skipped,

    /// <summary>Rendered, but no face was found in it, so the inpaint starts from the template's face.</summary>
    NoFaceFound,

    /// <summary>Rendered and its face warped onto the working crop inside the mask.</summary>
    Warped,
}
