namespace FaceChain.Pipeline.Templates;

/// <summary>Which face landmarks drew the refine pass's landmark control image.</summary>
public enum RefineLandmarks
{
    /// <summary>No landmark control: the model set has no OpenPose ControlNet (or the template face too few landmarks).</summary>
    NotUsed,

    /// <summary>Detected again on the inpainted crop (the face nearest the template face), as FACT does.</summary>
    Redetected,

    /// <summary>The inpaint's own landmarks, because the host has no face detector or none was found on the inpainted crop.</summary>
    InpaintLandmarks,
}
