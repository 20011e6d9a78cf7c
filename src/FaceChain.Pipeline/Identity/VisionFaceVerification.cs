using System.Diagnostics;
using FaceChain.Pipeline.Engines;
using FaceChain.Vision;
using FaceChain.Vision.Fusion;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Pipeline.Identity;

/// <summary><see cref="IFaceVerification"/> in process: FaceChain.Vision's <see cref="IdentityVerifier"/> and <see cref="FaceFusion"/>.</summary>
public sealed class VisionFaceVerification(SafeImageLoader loader, IdentityVerifier verifier) : IFaceVerification
{
    public IdentityVerification Verify(byte[] image, float[] reference, FaceRectangle? region = null)
    {
        using var loaded = loader.Load(image);
        return Score(loaded, reference, region);
    }

    public (byte[] Png, IdentityVerification After) Fuse(byte[] target, IReadOnlyList<FacePoint> targetLandmarks, byte[] source,
        IReadOnlyList<FacePoint> sourceLandmarks, float[] reference, FaceRectangle? region = null)
    {
        ArgumentNullException.ThrowIfNull(targetLandmarks);
        ArgumentNullException.ThrowIfNull(sourceLandmarks);
        using var targetImage = loader.Load(target);
        using var sourceImage = loader.Load(source);
        using var fused = FaceFusion.Fuse(targetImage, Points(targetLandmarks), sourceImage, Points(sourceLandmarks));
        var after = Score(fused.Image, reference, region);
        using var png = new MemoryStream();
        fused.Image.SaveAsPng(png);
        return (png.ToArray(), after);
    }

    private IdentityVerification Score(Image<Rgb24> image, float[] reference, FaceRectangle? region)
    {
        var clock = Stopwatch.StartNew();
        var box = region is { } r ? new FaceBox(r.X, r.Y, r.Width, r.Height) : (FaceBox?)null;
        var match = verifier.Verify(image, new FaceIdentity(reference), box);
        if (match.Face is not { } face)
        {
            return new IdentityVerification(false, 0, null, null, clock.Elapsed.TotalMilliseconds);
        }

        return new IdentityVerification(true, match.Score, new FaceRectangle(face.Box.X, face.Box.Y, face.Box.Width, face.Box.Height),
            [.. face.Landmarks.Select(p => new FacePoint(p.X, p.Y))], clock.Elapsed.TotalMilliseconds);
    }

    private static PointF2[] Points(IReadOnlyList<FacePoint> points) => [.. points.Select(p => new PointF2(p.X, p.Y))];
}
