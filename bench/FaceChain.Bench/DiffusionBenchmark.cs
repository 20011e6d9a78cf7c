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
/// `diffusion`: a random-weight FACT set (TinyModelSetWriter defaults) at 64×64 latents (512×512 image) on CPU;
/// prints per-step time, whole-generation time and the loop's share outside ONNX Runtime.
/// </summary>
public static class DiffusionBenchmark
{
    public static int Run(string[] args)
    {
        var steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var folder = Path.Combine(Path.GetTempPath(), "facechain-bench-diffusion-" + Guid.NewGuid().ToString("N"));
        try
        {
            TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Seed = 1 });
            using var sessions = new OnnxSessionCache(new InferenceOptions());
            var pipeline = new DiffusionPipeline(new ModelSetLoader(sessions).Load(folder), ClipTokenizer.FromFolder(SharedAssets.TokenizerFolder));
            var request = new DiffusionRequest
            {
                Prompt = "a studio portrait photo of a person, high detail",
                NegativePrompt = "blurry, low quality",
                FaceTokens = null,
                Width = 512,
                Height = 512,
                Steps = steps,
                GuidanceScale = 7.5f,
                Sampler = SamplerKind.DpmSolverPlusPlus2MKarras,
                Seed = 1,
            };

            // Warm-up: first calls pay for session initialisation and allocator growth.
            using (pipeline.Generate(request with { Steps = 2 }))
            {
            }

            foreach (var sampler in Enum.GetValues<SamplerKind>())
            {
                var clock = Stopwatch.StartNew();
                using var result = pipeline.Generate(request with { Sampler = sampler });
                var total = clock.Elapsed;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"diffusion {sampler,-26} 512x512 (64x64 latents) CFG batch 2, {steps} steps: " +
                    $"generation {total.TotalMilliseconds,8:F1} ms, per step {result.Timings.Loop.TotalMilliseconds / steps,7:F2} ms, " +
                    $"UNet {result.Timings.UNet.TotalMilliseconds / steps,7:F2} ms/step, outside ONNX Runtime {result.Timings.OverheadShare * 100,5:F2}% of loop"));
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
}
