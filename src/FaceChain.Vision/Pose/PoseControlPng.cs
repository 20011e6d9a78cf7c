using SixLabors.ImageSharp.Formats.Png;

namespace FaceChain.Vision.Pose;

/// <summary>
/// How a control image is stored. An OpenPose drawing is flat colour on black: without row filters and with the fastest
/// deflate level it stays a few KB and encodes about four times faster than ImageSharp's default settings.
/// </summary>
public static class PoseControlPng
{
    public static readonly PngEncoder Encoder = new()
    {
        ColorType = PngColorType.Rgb,
        BitDepth = PngBitDepth.Bit8,
        FilterMethod = PngFilterMethod.None,
        CompressionLevel = PngCompressionLevel.BestSpeed,
    };
}
