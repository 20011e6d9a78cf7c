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
/// run) on each face of the 5-face group photo with the generated tiny model set on CPU, split into crop + mask, denoising
/// (blended-latent img2img at strength 0.6, so int(steps·0.6) UNet steps) and paste-back (resize, feathered mask, PNG
/// encode of the whole template); then a multiTemplate chain redrawing all five faces in order, each step reading the
/// previous step's PNG. Medians over <c>repeats</c>.
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
        var redrawer = new FaceRedrawer(generator, new SafeImageLoader());

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
        await redrawer.RedrawAsync(template, pinned, 0, tokens, settings with { Steps = 2 }, 1);

        Console.WriteLine("face  crop+mask ms  denoise ms  paste ms  total ms   (median of " + repeats + ")");
        foreach (var face in pinned)
        {
            var runs = new List<FaceRedraw>();
            for (var r = 0; r < repeats; r++)
            {
                runs.Add(await redrawer.RedrawAsync(template, pinned, face.Index, tokens, settings, (ulong)r));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{face.Index,4}  {Median(runs.Select(x => x.CropMaskMs)),12:0.0}  {Median(runs.Select(x => x.DenoiseMs)),10:0.0}  {Median(runs.Select(x => x.PasteMs)),8:0.0}  {Median(runs.Select(x => x.CropMaskMs + x.DenoiseMs + x.PasteMs)),8:0.0}   box {face.Box.Width:0}x{face.Box.Height:0}"));
        }

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

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
