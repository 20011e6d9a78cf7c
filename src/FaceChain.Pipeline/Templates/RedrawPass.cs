namespace FaceChain.Pipeline.Templates;

/// <summary>The generator passes of one template redraw, in order.</summary>
public enum RedrawPass
{
    /// <summary>Text-to-image portrait of the person in the template face's pose (only with an OpenPose ControlNet).</summary>
    ReferencePortrait,

    /// <summary>Blended-latent image-to-image inside the face mask at the job's strength.</summary>
    Inpaint,

    /// <summary>Blended-latent image-to-image over the tighter face at strength 0.1.</summary>
    Refine,
}
