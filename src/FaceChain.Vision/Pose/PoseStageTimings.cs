namespace FaceChain.Vision.Pose;

/// <summary>
/// Where one pose extraction spent its time, in milliseconds: scaling the photo to its place on the padded canvas,
/// filling the model's input, the BodyPix session run, decoding the heads into people, and drawing the control image.
/// </summary>
public sealed class PoseStageTimings
{
    public double ResizeMs { get; set; }

    public double TensorMs { get; set; }

    public double ModelMs { get; set; }

    public double DecodeMs { get; set; }

    public double DrawMs { get; set; }

    public double TotalMs => ResizeMs + TensorMs + ModelMs + DecodeMs + DrawMs;
}
