using FaceChain.Inference;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision;

/// <summary>Facade: load → detect → order → align → encode and assess quality.</summary>
public sealed class FaceAnalyzer(SafeImageLoader loader, YuNetFaceDetector detector, FaceIdentityEncoder encoder,
    int minFaceSize = 48, FaceQualityAssessor? qualityAssessor = null)
{
    public int MinFaceSize { get; } = minFaceSize;

    public FaceQualityAssessor QualityAssessor { get; } = qualityAssessor ?? new FaceQualityAssessor();

    public static FaceAnalyzer Create(ModelResolver resolver, OnnxSessionCache sessions, int minFaceSize = 48,
        FaceQualityThresholds? thresholds = null) =>
        new(new SafeImageLoader(), YuNetFaceDetector.Create(resolver, sessions), FaceIdentityEncoder.Create(resolver, sessions),
            minFaceSize, new FaceQualityAssessor(thresholds));

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
            result.Add(new AnalyzedFace(face, encoder.Encode(aligned.Crop), QualityAssessor.Assess(face, aligned.Crop)));
        }

        return result;
    }

    /// <summary>
    /// The face to use when a photo should show one person: faces without quality issues first, then the
    /// one with the largest box area × detector score (the main subject is usually the biggest, clearest face).
    /// </summary>
    public static AnalyzedFace Best(IReadOnlyList<AnalyzedFace> faces)
    {
        ArgumentOutOfRangeException.ThrowIfZero(faces.Count);
        return faces
            .OrderByDescending(f => f.Quality.IsAcceptable)
            .ThenByDescending(f => f.Face.Box.Area * f.Face.Score)
            .ThenBy(f => f.Face.Index)
            .First();
    }
}
