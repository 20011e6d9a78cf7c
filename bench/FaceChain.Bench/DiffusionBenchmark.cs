using System.Diagnostics;
using System.Globalization;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Diffusion.Scheduling;
using FaceChain.Diffusion.Text;
using FaceChain.Inference;
using FaceChain.Testing;
using FaceChain.TinyModels;

namespace FaceChain.Bench;

/// <summary>
/// `diffusion [steps] [repeats]`: a random-weight FACT set (TinyModelSetWriter defaults) at 64×64 latents (512×512 image)
/// on CPU. For every sampler, UNet run mode (plain Run with reused OrtValues, IOBinding) and ONNX Runtime thread
/// spinning (default on, off) it prints the median over <c>repeats</c> generations of per-step time, time inside ONNX
/// Runtime run calls and the loop's share outside them (loop wall time − run-call time). The configurations are
/// interleaved within each repeat so background load hits them alike.
/// </summary>
public static class DiffusionBenchmark
{
    public static int Run(string[] args)
    {
        var steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        var folder = Path.Combine(Path.GetTempPath(), "facechain-bench-diffusion-" + Guid.NewGuid().ToString("N"));
        try
        {
            TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Seed = 1 });
            var tokenizer = ClipTokenizer.FromFolder(SharedAssets.TokenizerFolder);
            using var spinning = new OnnxSessionCache(InferenceOptions.FromEnvironment());
            using var notSpinning = new OnnxSessionCache(InferenceOptions.FromEnvironment() with { AllowSpinning = false });
            var spinningSet = new ModelSetLoader(spinning).Load(folder);
            var notSpinningSet = new ModelSetLoader(notSpinning).Load(folder);
            var configurations = new List<(string Name, DiffusionPipeline Pipeline)>
            {
                ("plain   spin on ", new DiffusionPipeline(spinningSet, tokenizer) { UseIoBinding = false }),
                ("binding spin on ", new DiffusionPipeline(spinningSet, tokenizer) { UseIoBinding = true }),
                ("plain   spin off", new DiffusionPipeline(notSpinningSet, tokenizer) { UseIoBinding = false }),
                ("binding spin off", new DiffusionPipeline(notSpinningSet, tokenizer) { UseIoBinding = true }),
            };
            var request = new DiffusionRequest
            {
                Prompt = "a studio portrait photo of a person, high detail",
                NegativePrompt = "blurry, low quality",
                Width = 512,
                Height = 512,
                Steps = steps,
                GuidanceScale = 7.5f,
                Seed = 1,
            };

            // Warm-up: first calls pay for session initialisation and allocator growth.
            foreach (var (_, pipeline) in configurations)
            {
                using (pipeline.Generate(request with { Steps = 2 }))
                {
                }
            }

            var samplers = Enum.GetValues<SamplerKind>();
            var samples = new Dictionary<(SamplerKind, string), List<(double Total, double Step, double UNet, double Outside)>>();
            for (var r = 0; r < repeats; r++)
            {
                foreach (var sampler in samplers)
                {
                    foreach (var (name, pipeline) in configurations)
                    {
                        var clock = Stopwatch.StartNew();
                        using var result = pipeline.Generate(request with { Sampler = sampler });
                        var total = clock.Elapsed.TotalMilliseconds;
                        if (!samples.TryGetValue((sampler, name), out var list))
                        {
                            samples[(sampler, name)] = list = [];
                        }

                        list.Add((total, result.Timings.Loop.TotalMilliseconds / steps, result.Timings.UNet.TotalMilliseconds / steps, result.Timings.OverheadShare * 100));
                    }
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"diffusion: 512x512 (64x64 latents), CFG batch 2, {steps} steps, CPU, {Environment.ProcessorCount} cores; median of {repeats} (outside ONNX Runtime: min..max)"));
            foreach (var sampler in samplers)
            {
                foreach (var (name, _) in configurations)
                {
                    var list = samples[(sampler, name)];
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"diffusion {sampler,-26} {name}: generation {Median(list.Select(s => s.Total)),8:F1} ms, per step {Median(list.Select(s => s.Step)),7:F2} ms, " +
                        $"UNet run {Median(list.Select(s => s.UNet)),7:F2} ms/step, outside {Median(list.Select(s => (s.Step - s.UNet) * 1000)),6:F1} us/step = {Median(list.Select(s => s.Outside)),5:F2}% of loop " +
                        $"({list.Min(s => s.Outside):F2}..{list.Max(s => s.Outside):F2})"));
                }
            }

            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
