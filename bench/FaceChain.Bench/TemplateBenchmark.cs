using System.Diagnostics;
using System.Globalization;
using FaceChain.Inference;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Templates;
using FaceChain.Testing;
using FaceChain.Vision;

namespace FaceChain.Bench;

/// <summary>
/// `template [size] [steps] [repeats]`: one RedrawFace step (<see cref="FaceRedrawer"/>, what the activity and the GPU worker
/// run) on each face of the 5-face group photo with the generated tiny model set on CPU (which has OpenPose and Canny
/// ControlNets, so every stage runs), split into crop + masks + Canny, the reference portrait (text-to-image, all steps,
/// with the OpenPose ControlNet, then face detection and warp), the inpaint (blended-latent img2img at strength 0.6, so
/// int(steps·0.6) UNet steps, two ControlNets each), the refine (strength 0.1) and paste-back (resize, feathered mask,
/// PNG encode of the whole template); face 0 once more without the reference portrait; then a multiTemplate chain
/// redrawing all five faces in order, each step reading the previous step's PNG. Medians over <c>repeats</c>.
/// </summary>
public static class TemplateBenchmark
{
    public static int Run(string[] args)
    {
        var size = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 512;
        var steps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var cache = Path.Combine(Path.GetTempPath(), "facechain-bench-template-" + Guid.NewGuid().ToString("N"));
        try
        {
            return RunAsync(size, steps, repeats, cache).GetAwaiter().GetResult();
        }
        finally
        {
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }
    }

    private static async Task<int> RunAsync(int size, int steps, int repeats, string cache)
    {
        using var sessions = new OnnxSessionCache(InferenceOptions.FromEnvironment());
        var resolver = SharedAssets.Resolver();
        var faces = new VisionFaceAnalysis(new SafeImageLoader(), FaceAnalyzer.Create(resolver, sessions), FaceIdentityEncoder.Create(resolver, sessions));
        var modelSet = new ModelSetProvider(new ModelSetOptions { CacheRoot = cache, TokenizerFolder = SharedAssets.TokenizerFolder }, sessions);
        using var generator = new InProcessImageGenerator(modelSet);
        var redrawer = new FaceRedrawer(generator, new SafeImageLoader(), faces);

        var template = await File.ReadAllBytesAsync(SharedAssets.GroupOfFive);
        var pinned = faces.Detect(template).Faces;
        var portrait = await File.ReadAllBytesAsync(SharedAssets.SinglePortraits[0]);
        var person = faces.Detect(portrait).Chosen;
        using var identification = faces.Identify(portrait, person, generator.AlignedFaceSize);
        var tokens = await generator.EncodeFaceAsync(identification.AlignedCrop);
        var settings = TemplateOrchestrator.SettingsFor(new PortraitJobRequest { Mode = JobMode.Template, Width = size, Height = size, Steps = steps });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"template: {pinned.Count} faces in the group photo, crop {size}², {steps} steps at strength {settings.Strength} ({steps - Diffusion.Scheduling.ImageToImageStart.StepIndex(steps, settings.Strength)} run), {settings.Sampler}, guidance {settings.GuidanceScale}, tiny set, {Environment.ProcessorCount} cores"));

        // Warm-up: session creation and allocator growth.
        var warm = await redrawer.RedrawAsync(template, pinned, 0, tokens, settings with { Steps = 2 }, 1);
        Console.WriteLine("ControlNets: " + (warm.Controls.Count == 0
            ? "none in the set"
            : string.Join(", ", warm.Controls.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Pass} {c.ControlNet} {c.Scale}")))));

        Console.WriteLine("face  crop+mask ms  reference ms  inpaint ms  refine ms  paste ms  total ms  reference   (median of " + repeats + ")");
        foreach (var face in pinned)
        {
            var runs = new List<FaceRedraw>();
            for (var r = 0; r < repeats; r++)
            {
                runs.Add(await redrawer.RedrawAsync(template, pinned, face.Index, tokens, settings, (ulong)r));
            }

            Print(face.Index.ToString(CultureInfo.InvariantCulture), runs, $"box {face.Box.Width:0}x{face.Box.Height:0}");
        }

        var plain = new List<FaceRedraw>();
        for (var r = 0; r < repeats; r++)
        {
            plain.Add(await redrawer.RedrawAsync(template, pinned, 0, tokens, settings with { ReferencePortrait = false }, (ulong)r));
        }

        Print("0, no reference", plain, "");

        var chains = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            var source = template;
            foreach (var face in pinned)
            {
                source = (await redrawer.RedrawAsync(source, pinned, face.Index, tokens, settings, (ulong)(100 + r))).Png;
            }

            chains.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"multiTemplate, all {pinned.Count} faces in sequence (each step decodes the previous PNG): median {Median(chains):0} ms"));
        return 0;
    }

    private static void Print(string label, List<FaceRedraw> runs, string note) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,4}  {Median(runs.Select(x => x.CropMaskMs)),12:0.0}  {Median(runs.Select(x => x.ReferencePortraitMs)),12:0.0}  {Median(runs.Select(x => x.DenoiseMs)),10:0.0}  {Median(runs.Select(x => x.RefineMs)),9:0.0}  {Median(runs.Select(x => x.PasteMs)),8:0.0}  {Median(runs.Select(Total)),8:0.0}  {runs[0].ReferencePortrait}   {note}"));

    private static double Total(FaceRedraw x) => x.CropMaskMs + x.ReferencePortraitMs + x.DenoiseMs + x.RefineMs + x.PasteMs;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
