using FaceChain.Inference;
using FaceChain.Testing;
using FaceChain.Vision;

namespace FaceChain.Bench;

/// <summary>`vision`: per shared photo, ms per image for detection and ms per face for align+encode+quality.</summary>
public static class VisionBenchmark
{
    private const int WarmUp = 2;
    private const int Iterations = 10;

    public static int Run(string[] args)
    {
        _ = args;
        using var sessions = new OnnxSessionCache(InferenceOptions.FromEnvironment());
        var resolver = SharedAssets.Resolver();
        var detector = YuNetFaceDetector.Create(resolver, sessions);
        var encoder = FaceIdentityEncoder.Create(resolver, sessions);
        var loader = new SafeImageLoader();
        var quality = new FaceQualityAssessor();
        Console.WriteLine($"cores: {Environment.ProcessorCount}, warm-up {WarmUp}, median of {Iterations} iterations");
        Console.WriteLine($"{"photo",-45} {"size",11} {"faces",5} {"detect ms/img",14} {"align+enc+qual ms/face",23} {"(qual alone)",12} {"total ms/face",14}");
        foreach (var path in SharedAssets.SinglePortraits.Append(SharedAssets.GroupOfTwo).Append(SharedAssets.GroupOfFive))
        {
            using var image = loader.Load(path);
            IReadOnlyList<DetectedFace> faces = [];
            double detectMs = Statistics.MedianMs(WarmUp, Iterations, () => faces = detector.Detect(image));
            double encodeMs = Statistics.MedianMs(WarmUp, Iterations, () =>
            {
                foreach (var face in faces)
                {
                    using var aligned = FaceAligner.Align(image, face.Landmarks);
                    encoder.Encode(aligned.Crop);
                    quality.Assess(face, aligned.Crop);
                }
            }) / Math.Max(1, faces.Count);
            var crops = faces.Select(f => (Face: f, Aligned: FaceAligner.Align(image, f.Landmarks))).ToList();
            double qualityMs = Statistics.MedianMs(WarmUp, Iterations, () => crops.ForEach(c => quality.Assess(c.Face, c.Aligned.Crop))) / Math.Max(1, faces.Count);
            crops.ForEach(c => c.Aligned.Dispose());
            double totalPerFace = (detectMs / Math.Max(1, faces.Count)) + encodeMs;
            Console.WriteLine($"{Path.GetFileName(path),-45} {image.Width + "x" + image.Height,11} {faces.Count,5} {detectMs,14:F1} {encodeMs,23:F1} {qualityMs,12:F2} {totalPerFace,14:F1}");
        }

        return 0;
    }
}
