using FaceChain.Vision;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Pipeline.Engines;

/// <summary><see cref="IFaceAnalysis"/> in process: YuNet, quality assessment and MobileFaceNet from FaceChain.Vision.</summary>
public sealed class VisionFaceAnalysis(SafeImageLoader loader, FaceAnalyzer analyzer, FaceIdentityEncoder identityEncoder) : IFaceAnalysis
{
    public FaceDetectionReport Detect(byte[] photo)
    {
        using var image = loader.Load(photo);
        var faces = analyzer.Analyze(image);
        var best = FaceAnalyzer.Best(faces);
        var summaries = faces.OrderBy(f => f.Face.Index).Select(Summarise).ToList();
        return new FaceDetectionReport(image.Width, image.Height, best.Face.Index, summaries);
    }

    public FaceIdentification Identify(byte[] photo, FaceSummary face, int alignedSize)
    {
        ArgumentNullException.ThrowIfNull(face);
        using var image = loader.Load(photo);
        var landmarks = face.Landmarks.Select(p => new PointF2(p.X, p.Y)).ToList();
        using var idCrop = FaceAligner.Align(image, landmarks, FaceIdentityEncoder.InputSize);
        var identity = identityEncoder.Encode(idCrop.Crop);
        Image<Rgb24> encoderCrop = alignedSize == FaceIdentityEncoder.InputSize
            ? idCrop.Crop.Clone()
            : FaceAligner.Align(image, landmarks, alignedSize).Crop;
        return new FaceIdentification(identity.Vector.ToArray(), encoderCrop);
    }

    private static FaceSummary Summarise(AnalyzedFace analyzed)
    {
        var face = analyzed.Face;
        var q = analyzed.Quality;
        return new FaceSummary(
            face.Index,
            new FaceRectangle(face.Box.X, face.Box.Y, face.Box.Width, face.Box.Height),
            face.Landmarks.Select(p => new FacePoint(p.X, p.Y)).ToList(),
            new FaceQualitySummary(q.IsAcceptable, q.Score, q.Sharpness, q.Brightness, q.Contrast, q.YawDegrees,
                q.Issues.Select(i => i.Message).ToList()));
    }
}
