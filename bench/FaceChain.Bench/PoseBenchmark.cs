using System.Diagnostics;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Diffusion.Scheduling;
using FaceChain.Diffusion.Text;
using FaceChain.Inference;
using FaceChain.Testing;
using FaceChain.TinyModels;
using FaceChain.Vision;
using FaceChain.Vision.Pose;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Bench;

/// <summary>
/// `pose [size] [steps]`: pose extraction ms per photo (decoded photo → padded canvas → BodyPix → decode → control image;
/// the 1080p row is the pose reference scaled to 1920×1080), then ms per denoising step of the tiny set with and
/// without one ControlNet.
/// </summary>
public static class PoseBenchmark
{
    private const int WarmUp = 2;
    private const int Iterations = 10;

    public static int Run(string[] args)
    {
        int size = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 512;
        int steps = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
        using var sessions = new OnnxSessionCache(InferenceOptions.FromEnvironment());
        var extractor = PoseReferenceExtractor.Create(SharedAssets.Resolver(), sessions);
        var loader = new SafeImageLoader();
        Console.WriteLine($"cores: {Environment.ProcessorCount}, canvas {size}x{size}, warm-up {WarmUp}, median of {Iterations} iterations");
        Console.WriteLine($"{"photo",-45} {"size",11} {"people",6} {"extract ms",11}");
        using (var reference = loader.Load(SharedAssets.PoseReference))
        using (var fullHd = reference.Clone(x => x.Resize(1920, 1080)))
        {
            Report("pose reference scaled to 1080p", fullHd, extractor, size);
            Report(Path.GetFileName(SharedAssets.PoseReference), reference, extractor, size);
        }

        foreach (var path in new[] { SharedAssets.Image("single/pexels-karolina-grabowska-4378882.jpg"), SharedAssets.GroupOfFive })
        {
            using var photo = loader.Load(path);
            Report(Path.GetFileName(path), photo, extractor, size);
        }

        StepCost(sessions, steps);
        return 0;
    }

    private static void Report(string name, Image<Rgb24> photo, PoseReferenceExtractor extractor, int size)
    {
        int people = 0;
        double ms = Measure(() =>
        {
            using var extraction = extractor.Extract(photo, size, size);
            people = extraction.PeopleFound;
        });
        Console.WriteLine($"{name,-45} {photo.Width + "x" + photo.Height,11} {people,6} {ms,11:F1}");
    }

    private static void StepCost(OnnxSessionCache sessions, int steps)
    {
        var folder = Path.Combine(Path.GetTempPath(), "facechain-bench-pose-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Seed = 1 });
            var pipeline = new DiffusionPipeline(new ModelSetLoader(sessions).Load(folder), ClipTokenizer.FromFolder(SharedAssets.TokenizerFolder));
            using var control = new Image<Rgb24>(64, 64, new Rgb24(30, 200, 90));
            var request = new DiffusionRequest { Prompt = "a person", Width = 64, Height = 64, Steps = steps, GuidanceScale = 7f, Sampler = SamplerKind.Ddim, Seed = 1 };
            var steered = request with { ControlNets = [ControlNetInput.FromImage("openpose", control, 1f)] };
            double plain = Measure(() => pipeline.Generate(request).Dispose()) / steps;
            double withControl = Measure(() => pipeline.Generate(steered).Dispose()) / steps;
            Console.WriteLine();
            Console.WriteLine($"tiny set, 64x64, CFG batch 2, {steps} steps (per step, incl. VAE decode share):");
            Console.WriteLine($"  UNet alone            {plain,8:F2} ms/step");
            Console.WriteLine($"  UNet + 1 ControlNet   {withControl,8:F2} ms/step  ({withControl / plain:F2}x)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Measure(Action action)
    {
        for (int i = 0; i < WarmUp; i++)
        {
            action();
        }

        var samples = new double[Iterations];
        for (int i = 0; i < Iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            samples[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(samples);
        return samples[Iterations / 2];
    }
}
