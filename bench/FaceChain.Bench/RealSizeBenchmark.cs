using System.Diagnostics;
using System.Globalization;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Diffusion.Scheduling;
using FaceChain.Diffusion.Text;
using FaceChain.Inference;
using FaceChain.Pipeline.Engines;
using FaceChain.Testing;
using FaceChain.TinyModels;

namespace FaceChain.Bench;

/// <summary>
/// `realsize [--set DIR|NAME] [--steps K] [--size S] [--iobinding-steps K]`: figures on a model set with real SD-1.5
/// dimensions (by default `facechain models generate sd15-shaped-random` in the cache). Per component: sha256 check
/// of graph + external data and session creation (cold start, one fresh session cache each). Then one K-step S² image
/// with classifier-free guidance (UNet batch 2) through the production loader and pipeline, plain Run, and, unless
/// --iobinding-steps 0, the same with IOBinding: seconds per UNet step, text encoding + VAE decoding, and the
/// extrapolated seconds per image at 20 and 50 steps. Peak RSS of the process after each phase and, with
/// FACECHAIN_EXECUTION_PROVIDER=cuda, the peak GPU memory nvidia-smi saw. Run one set per process, so peaks are its own.
/// </summary>
public static class RealSizeBenchmark
{
    public static int Run(string[] args)
    {
        string set = Sd15ShapedOptions.SetName;
        int steps = 2;
        int size = 512;
        int ioBindingSteps = 1;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--set": set = Next(); break;
                case "--steps": steps = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--size": size = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--iobinding-steps": ioBindingSteps = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine("usage: realsize [--set DIR|NAME] [--steps K] [--size S] [--iobinding-steps K]");
                    return 2;
            }
        }

        string folder = Directory.Exists(set) ? set : Path.Combine(ModelSetOptions.DefaultCacheRoot(), "modelsets", set);
        if (!File.Exists(Path.Combine(folder, "modelset.json")))
        {
            Console.Error.WriteLine($"realsize: no model set at {folder}; run `facechain models generate {Sd15ShapedOptions.SetName}` first");
            return 4;
        }

        var inference = InferenceOptions.FromEnvironment();
        using var gpu = GpuMemoryProbe.StartIfCuda(inference.Provider);
        var manifest = ModelSetLoader.ReadManifest(folder);
        Console.WriteLine($"realsize: {manifest.Name} ({folder}); provider {inference.Provider}; {Environment.ProcessorCount} cores; load average {LoadAverage()}");

        Console.WriteLine($"{"component",-14} {"dtype",-5} {"weights MB",10} {"sha256 s",9} {"session s",10} {"peak RSS GB",12}");
        foreach (var (name, spec) in manifest.Components.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            string path = Path.Combine(folder, spec.File);
            var files = new List<string> { path };
            files.AddRange((spec.ExternalData ?? []).Select(d => Path.Combine(folder, d.File)));
            var hashing = Stopwatch.StartNew();
            FileHashVerifier.Verify(path, spec.Sha256);
            foreach (var data in spec.ExternalData ?? [])
            {
                FileHashVerifier.Verify(Path.Combine(folder, data.File), data.Sha256);
            }

            hashing.Stop();
            using var sessions = new OnnxSessionCache(inference);
            var creating = Stopwatch.StartNew();
            sessions.Get(path);
            creating.Stop();
            double megabytes = files.Sum(f => new FileInfo(f).Length) / 1e6;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-14} {spec.Dtype,-5} {megabytes,10:F0} {hashing.Elapsed.TotalSeconds,9:F1} {creating.Elapsed.TotalSeconds,10:F1} {PeakRssGb(),12:F2}"));
        }

        // The generation needs no ControlNet; a manifest without it keeps its weights out of memory.
        var generationManifest = manifest with
        {
            Components = manifest.Components.Where(c => c.Key != ComponentNames.ControlNet && c.Key != ComponentNames.VaeEncoder).ToDictionary(c => c.Key, c => c.Value),
        };
        using var pipelineSessions = new OnnxSessionCache(inference);
        var loading = Stopwatch.StartNew();
        var modelSet = new ModelSetLoader(pipelineSessions).Load(folder, generationManifest);
        loading.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load for generation (text, face, UNet, VAE decoder; hashes + sessions): {loading.Elapsed.TotalSeconds:F1} s; peak RSS {PeakRssGb():F2} GB"));
        var tokenizer = ClipTokenizer.FromFolder(SharedAssets.TokenizerFolder);
        Generate(new DiffusionPipeline(modelSet, tokenizer), "plain Run", steps, size);
        if (ioBindingSteps > 0)
        {
            Generate(new DiffusionPipeline(modelSet, tokenizer) { UseIoBinding = true }, "IOBinding", ioBindingSteps, size);
        }

        if (gpu is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak GPU memory (nvidia-smi, whole device): {gpu.PeakMegabytes:F0} MB"));
        }

        return 0;
    }

    private static void Generate(DiffusionPipeline pipeline, string mode, int steps, int size)
    {
        var request = new DiffusionRequest
        {
            Prompt = "a studio portrait photo of a person, soft light",
            NegativePrompt = "blurry, low quality",
            FaceImages = new float[3 * Sd15ShapedOptions.FaceAlignedSize * Sd15ShapedOptions.FaceAlignedSize],
            FaceScale = 0.5f,
            Width = size,
            Height = size,
            Steps = steps,
            GuidanceScale = 7f,
            Sampler = SamplerKind.DpmSolverPlusPlus2MKarras,
            Seed = 1,
        };
        var watch = Stopwatch.StartNew();
        using var result = pipeline.Generate(request);
        watch.Stop();
        double perStep = result.Timings.UNet.TotalSeconds / steps;
        double outsideLoop = (watch.Elapsed - result.Timings.Loop).TotalSeconds;
        int nonFinite = result.Latents.Count(v => !float.IsFinite(v));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mode}: {size}² image, {steps} steps, CFG 7 (UNet batch 2): {watch.Elapsed.TotalSeconds:F1} s in all; {perStep:F2} s per UNet step " +
            $"(loop share outside ONNX Runtime {result.Timings.OverheadShare:P2}); text + face encoding + VAE decode {outsideLoop:F1} s; " +
            $"non-finite latents {nonFinite}; peak RSS {PeakRssGb():F2} GB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mode}: per {size}² image (extrapolated from the per-step cost): 20 steps {outsideLoop + (20 * perStep):F1} s, 50 steps {outsideLoop + (50 * perStep):F1} s"));
    }

    private static double PeakRssGb()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (double)(1L << 30);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
