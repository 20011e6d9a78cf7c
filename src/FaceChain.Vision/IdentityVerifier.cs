using FaceChain.Inference;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision;

/// <summary>
/// How much a face in an image looks like a known person: the main face (optionally only faces centred inside a
/// region, e.g. the box a template redrew) is aligned and encoded with the same flip-tested MobileFaceNet identity as
/// the character photo, and compared by cosine. An image with no usable face is reported as such, never as an error.
/// </summary>
public sealed class IdentityVerifier(YuNetFaceDetector detector, FaceIdentityEncoder encoder, int minFaceSize = 32)
{
    public int MinFaceSize { get; } = minFaceSize;

    public static IdentityVerifier Create(ModelResolver resolver, OnnxSessionCache sessions, int minFaceSize = 32) =>
        new(YuNetFaceDetector.Create(resolver, sessions), FaceIdentityEncoder.Create(resolver, sessions), minFaceSize);

    public IdentityMatch Verify(Image<Rgb24> image, FaceIdentity reference, FaceBox? region = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(reference);
        var face = detector.Detect(image)
            .Where(f => Math.Min(f.Box.Width, f.Box.Height) >= MinFaceSize)
            .Where(f => region is not { } r || r.Contains(new PointF2(f.Box.CenterX, f.Box.CenterY)))
            .OrderByDescending(f => f.Box.Area * f.Score)
            .ThenBy(f => f.Index)
            .FirstOrDefault();
        if (face is null)
        {
            return IdentityMatch.NoFace;
        }

        using var aligned = FaceAligner.Align(image, face.Landmarks, FaceIdentityEncoder.InputSize);
        return new IdentityMatch(true, reference.Cosine(encoder.Encode(aligned.Crop)), face);
    }
}
