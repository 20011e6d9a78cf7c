using FaceChain.Inference;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision;

/// <summary>Facade: load → detect → order → align → encode.</summary>
public sealed class FaceAnalyzer(SafeImageLoader loader, YuNetFaceDetector detector, FaceIdentityEncoder encoder, int minFaceSize = 48)
{
    public int MinFaceSize { get; } = minFaceSize;

    public static FaceAnalyzer Create(ModelResolver resolver, OnnxSessionCache sessions, int minFaceSize = 48) =>
        new(new SafeImageLoader(), YuNetFaceDetector.Create(resolver, sessions), FaceIdentityEncoder.Create(resolver, sessions), minFaceSize);

    public IReadOnlyList<AnalyzedFace> Analyze(string path)
    {
        using var image = loader.Load(path);
        return Analyze(image);
    }

    public IReadOnlyList<AnalyzedFace> Analyze(Image<Rgb24> image)
    {
        var all = detector.Detect(image);
        var large = all.Where(f => Math.Min(f.Box.Width, f.Box.Height) >= MinFaceSize).ToList();
        if (large.Count == 0)
        {
            throw all.Count == 0
                ? new NoFaceFoundException("No face was found in the photo.")
                : new NoFaceFoundException($"{all.Count} face(s) found but all are smaller than {MinFaceSize} px.", all.Count);
        }

        var result = new List<AnalyzedFace>(large.Count);
        foreach (var face in large)
        {
            using var aligned = FaceAligner.Align(image, face.Landmarks, FaceIdentityEncoder.InputSize);
            result.Add(new AnalyzedFace(face, encoder.Encode(aligned.Crop)));
        }

        return result;
    }

    /// <summary>The largest face (by box area).</summary>
    public static AnalyzedFace Best(IReadOnlyList<AnalyzedFace> faces) => faces.MaxBy(f => f.Face.Box.Area)!;
}
