using System.Diagnostics;
using FaceChain.Inference;
using FaceChain.Testing;
using FaceChain.Vision;

namespace FaceChain.Bench;

/// <summary>`vision`: per shared photo, ms per image for detection and ms per face for align+encode.</summary>
public static class VisionBenchmark
{
    private const int WarmUp = 2;
    private const int Iterations = 10;

    public static int Run(string[] args)
    {
        _ = args;
        using var sessions = new OnnxSessionCache(new InferenceOptions());
        var resolver = SharedAssets.Resolver();
        var detector = YuNetFaceDetector.Create(resolver, sessions);
        var encoder = FaceIdentityEncoder.Create(resolver, sessions);
        var loader = new SafeImageLoader();
        Console.WriteLine($"cores: {Environment.ProcessorCount}, warm-up {WarmUp}, iterations {Iterations}");
        Console.WriteLine($"{"photo",-45} {"size",11} {"faces",5} {"detect ms/img",14} {"align+enc ms/face",18} {"total ms/face",14}");
        foreach (var path in SharedAssets.SinglePortraits.Append(SharedAssets.GroupOfTwo).Append(SharedAssets.GroupOfFive))
        {
            using var image = loader.Load(path);
            IReadOnlyList<DetectedFace> faces = [];
            double detectMs = Measure(() => faces = detector.Detect(image));
            double encodeMs = Measure(() =>
            {
                foreach (var face in faces)
                {
                    using var aligned = FaceAligner.Align(image, face.Landmarks);
                    encoder.Encode(aligned.Crop);
                }
            }) / Math.Max(1, faces.Count);
            double totalPerFace = (detectMs / Math.Max(1, faces.Count)) + encodeMs;
            Console.WriteLine($"{Path.GetFileName(path),-45} {image.Width + "x" + image.Height,11} {faces.Count,5} {detectMs,14:F1} {encodeMs,18:F1} {totalPerFace,14:F1}");
        }

        return 0;
    }

    private static double Measure(Action action)
    {
        for (int i = 0; i < WarmUp; i++)
        {
            action();
        }

        var watch = Stopwatch.StartNew();
        for (int i = 0; i < Iterations; i++)
        {
            action();
        }

        return watch.Elapsed.TotalMilliseconds / Iterations;
    }
}
