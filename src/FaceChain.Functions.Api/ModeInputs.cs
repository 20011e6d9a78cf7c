using FaceChain.Pipeline.Contracts;

namespace FaceChain.Functions.Api;

/// <summary>The request fields of each mode beyond characterPhoto, count, size and the advanced settings (PortraitJobRequest's documentation, as controls).</summary>
public static class ModeInputs
{
    public const string Style = "style";
    public const string Photo = "photo";
    public const string FaceIndex = "faceIndex";
    public const string FaceMap = "faceMap";
    public const string Loras = "loras";

    public static IReadOnlyList<ModeInput> For(JobMode mode) => mode switch
    {
        JobMode.Style => [new("styleId", Style, true)],
        JobMode.Pose => [new("styleId", Style, true), new("posePhoto", Photo, true)],
        JobMode.Template => [new("templatePhoto", Photo, true), new("faceIndex", FaceIndex, true)],
        JobMode.MultiTemplate => [new("templatePhoto", Photo, true), new("faces", FaceMap, true)],
        JobMode.CustomLora => [new("styleId", Style, true), new("loras", Loras, true)],
        _ => [],
    };
}
