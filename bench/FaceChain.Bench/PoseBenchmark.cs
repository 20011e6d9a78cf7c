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
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Bench;

/// <summary>
/// `pose [size] [steps]`: pose extraction ms per photo and where it goes, stage by stage: decoding the JPEG (with EXIF
/// orientation), scaling it to its place on the padded canvas, filling the model input, the BodyPix session run, decoding
/// the heads, drawing the control image, and its PNG encoding as EstimatePose stores it. The 1080p row is the pose
/// reference scaled to 1920×1080 and JPEG-encoded once. Each photo is also run the way extraction first worked (the whole
/// padded canvas drawn and run on the model file as published), for the before/after split and the keypoint drift
/// between the two. Then ms per denoising step of the tiny set with and without one ControlNet.
/// </summary>
public static class PoseBenchmark
{
    private const int WarmUp = 2;
    private const int Iterations = 15;

    public static int Run(string[] args)
    {
        int size = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 512;
        int steps = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
        using var sessions = new OnnxSessionCache(InferenceOptions.FromEnvironment());
        var resolver = SharedAssets.Resolver();
        var extractor = PoseReferenceExtractor.Create(resolver, sessions);
        // The model file as published: every weight is a graph input, so ONNX Runtime neither folds nor pre-packs them.
        var asPublished = new BodyPixPoseEstimator(sessions.Get(resolver.Resolve(KnownModels.BodyPixPose)));
        var loader = new SafeImageLoader();
        Console.WriteLine($"cores: {Environment.ProcessorCount}, canvas {size}x{size}, warm-up {WarmUp}, median of {Iterations} iterations (per stage too)");
        Console.WriteLine($"{"photo",-34} {"size",9} {"path",-7} {"people",6} {"jpeg",6} {"resize",6} {"tensor",6} {"model",6} {"heads",6} {"draw",6} {"png",6} {"extract",8} {"best",6} {"total",7} {"drift px",8}");
        var photos = new List<(string Name, byte[] Bytes)>();
        using (var reference = loader.Load(SharedAssets.PoseReference))
        using (var fullHd = reference.Clone(x => x.Resize(1920, 1080)))
        using (var encoded = new MemoryStream())
        {
            fullHd.SaveAsJpeg(encoded, new JpegEncoder { Quality = 90 });
            photos.Add(("pose reference scaled to 1080p", encoded.ToArray()));
        }

        foreach (var path in new[] { SharedAssets.PoseReference, SharedAssets.Image("single/pexels-karolina-grabowska-4378882.jpg"), SharedAssets.GroupOfFive })
        {
            photos.Add((Path.GetFileName(path), File.ReadAllBytes(path)));
        }

        foreach (var (name, bytes) in photos)
        {
            using var photo = loader.Load(bytes);
            double decodeMs = Statistics.MedianMs(WarmUp, Iterations, () => loader.Load(bytes).Dispose());
            // Interleaved, so both paths see the same load from whatever else the machine is running.
            var (before, now) = Split(
                (() => ExtractAsBefore(photo, size, asPublished, extractor), new PngEncoder()),
                (() => extractor.Extract(photo, size, size), PoseControlPng.Encoder));
            using var nowResult = extractor.Extract(photo, size, size);
            using var beforeResult = ExtractAsBefore(photo, size, asPublished, extractor);
            float drift = Drift(beforeResult, nowResult, extractor.KeypointThreshold);
            Print(name.Length > 34 ? name[..34] : name, photo, "before", beforeResult.PeopleFound, decodeMs, before, "");
            Print("", photo, "now", nowResult.PeopleFound, decodeMs, now, drift.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
        }

        StepCost(sessions, steps);
        return 0;
    }

    /// <summary>Extraction as it first worked: the padded canvas drawn whole, then every cell of it run.</summary>
    private static PoseExtraction ExtractAsBefore(Image<Rgb24> photo, int size, BodyPixPoseEstimator estimator, PoseReferenceExtractor settings)
    {
        var timings = new PoseStageTimings();
        long start = Stopwatch.GetTimestamp();
        using var padded = PosePhotoPadding.Pad(photo, size, size);
        timings.ResizeMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var people = estimator.Estimate(padded, timings)
            .Where(p => p.Score >= settings.MinPersonScore && p.ConfidentCount(settings.KeypointThreshold) >= settings.MinKeypoints)
            .ToList();
        start = Stopwatch.GetTimestamp();
        var person = people.MaxBy(p => p.ConfidentBoxArea(settings.KeypointThreshold))!;
        var skeleton = OpenPoseSkeleton.FromPose(person, settings.KeypointThreshold);
        var control = OpenPoseRenderer.Render(skeleton, size, size);
        timings.DrawMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return new PoseExtraction(person, skeleton, people.Count, size, size, control, timings);
    }

    /// <summary>The largest distance between the two runs' keypoints that both call confident.</summary>
    private static float Drift(PoseExtraction before, PoseExtraction now, float threshold)
    {
        float drift = 0;
        for (int k = 0; k < before.Person.Keypoints.Count; k++)
        {
            var (a, b) = (before.Person.Keypoints[k], now.Person.Keypoints[k]);
            if (a.Score >= threshold && b.Score >= threshold)
            {
                drift = Math.Max(drift, MathF.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y))));
            }
        }

        return drift;
    }

    /// <summary>
    /// Per path: the median of each stage (and of the whole extraction, and of its PNG encoding as EstimatePose stores it)
    /// over <see cref="Iterations"/> runs, and the fastest extraction: on a machine shared with other work, the least
    /// disturbed run. The paths take turns, run by run.
    /// </summary>
    private static (Timing Before, Timing Now) Split((Func<PoseExtraction> Extract, PngEncoder Png) before, (Func<PoseExtraction> Extract, PngEncoder Png) now)
    {
        for (int i = 0; i < WarmUp; i++)
        {
            before.Extract().Dispose();
            now.Extract().Dispose();
        }

        var beforeRuns = new List<(PoseStageTimings Stages, double Total, double Png)>();
        var nowRuns = new List<(PoseStageTimings Stages, double Total, double Png)>();
        for (int i = 0; i < Iterations; i++)
        {
            beforeRuns.Add(RunOnce(before.Extract, before.Png));
            nowRuns.Add(RunOnce(now.Extract, now.Png));
        }

        return (Summarise(beforeRuns), Summarise(nowRuns));
    }

    private static (PoseStageTimings Stages, double Total, double Png) RunOnce(Func<PoseExtraction> extract, PngEncoder encoder)
    {
        long start = Stopwatch.GetTimestamp();
        using var extraction = extract();
        double total = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        start = Stopwatch.GetTimestamp();
        using (var png = new MemoryStream())
        {
            extraction.ControlImage.SaveAsPng(png, encoder);
        }

        return (extraction.Timings, total, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    private static Timing Summarise(List<(PoseStageTimings Stages, double Total, double Png)> runs)
    {
        double Median(Func<(PoseStageTimings Stages, double Total, double Png), double> of)
        {
            var values = runs.Select(of).Order().ToList();
            return values[values.Count / 2];
        }

        var stages = new PoseStageTimings
        {
            ResizeMs = Median(r => r.Stages.ResizeMs),
            TensorMs = Median(r => r.Stages.TensorMs),
            ModelMs = Median(r => r.Stages.ModelMs),
            DecodeMs = Median(r => r.Stages.DecodeMs),
            DrawMs = Median(r => r.Stages.DrawMs),
        };
        return new Timing(stages, Median(r => r.Total), runs.Min(r => r.Total), Median(r => r.Png));
    }

    private static void Print(string name, Image<Rgb24> photo, string path, int people, double jpegMs, Timing split, string drift)
    {
        var (s, extractMs, bestMs, pngMs) = (split.Stages, split.ExtractMs, split.BestMs, split.PngMs);
        string size = name.Length == 0 ? "" : photo.Width + "x" + photo.Height;
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{name,-34} {size,9} {path,-7} {people,6} {jpegMs,6:F1} {s.ResizeMs,6:F1} {s.TensorMs,6:F1} {s.ModelMs,6:F1} {s.DecodeMs,6:F1} {s.DrawMs,6:F1} {pngMs,6:F1} {extractMs,8:F1} {bestMs,6:F1} {jpegMs + extractMs + pngMs,7:F1} {drift,8}"));
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
            double plain = Statistics.MedianMs(WarmUp, Iterations, () => pipeline.Generate(request).Dispose()) / steps;
            double withControl = Statistics.MedianMs(WarmUp, Iterations, () => pipeline.Generate(steered).Dispose()) / steps;
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

    private sealed record Timing(PoseStageTimings Stages, double ExtractMs, double BestMs, double PngMs);
}
