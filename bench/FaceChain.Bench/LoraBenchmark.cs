using System.Diagnostics;
using System.Globalization;
using FaceChain.Diffusion.Lora;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Inference;
using FaceChain.TinyModels;

namespace FaceChain.Bench;

/// <summary>
/// `lora [rank=64] [repeats=5]`: fuses a random rank-r LoRA into in-memory random base weights with SD-1.5's real shapes
/// (the layers a kohya LoRA covers: per transformer block proj_in/proj_out 1×1 convs, attn1/attn2 q/k/v/out, GEGLU ff;
/// plus the CLIP text encoder's q/k/v/out and MLP), once with float32 and once with float16 base weights, and prints the
/// median fusion time over <c>repeats</c>. Then the cost of a fused-set cache hit on a generated tiny model set.
/// </summary>
public static class LoraBenchmark
{
    private const int ContextWidth = 768;

    public static int Run(string[] args)
    {
        int rank = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 64;
        int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        KernelThroughput(rank);
        var targets = StableDiffusion15Targets();
        long parameters = targets.Sum(t => t.Target.ElementCount);
        Console.WriteLine($"SD-1.5 LoRA targets: {targets.Count} weights, {parameters / 1e6:F1} M parameters, rank {rank}, {Environment.ProcessorCount} cores");

        foreach (bool half in new[] { false, true })
        {
            var random = new SeededWeights(half ? 2 : 1);
            var bases = new Dictionary<string, BaseWeight>(StringComparer.Ordinal);
            var layers = new List<LoraLayer>();
            foreach (var (target, _) in targets)
            {
                var typed = target with { IsHalfPrecision = half };
                var values = RandomFloats(random, checked((int)typed.ElementCount), 0.05f);
                bases[typed.Initializer] = half ? new BaseWeight(null, values.Select(v => (Half)v).ToArray()) : new BaseWeight(values, null);
                layers.Add(new LoraLayer(typed, rank, rank / 2f, RandomFloats(random, checked((int)(rank * typed.InFeatures)), 0.1f), RandomFloats(random, checked((int)(typed.OutFeatures * rank)), 0.1f)));
            }

            var lora = new LoraAdapter("bench", layers, []);
            LoraWeightFuser.Fuse(bases, [new LoraSelection(lora, 0.8f)]); // warm-up: JIT, page faults of the outputs
            var times = new List<double>();
            var cpuTimes = new List<double>();
            using var process = Process.GetCurrentProcess();
            for (int i = 0; i < repeats; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var fused = LoraWeightFuser.Fuse(bases, [new LoraSelection(lora, 0.8f)]);
                times.Add(watch.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpuTimes.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                GC.KeepAlive(fused);
            }

            times.Sort();
            cpuTimes.Sort();
            double flops = 2.0 * rank * parameters;
            double cpuMedian = cpuTimes[cpuTimes.Count / 2];
            // On a shared machine wall time depends on everyone else's load; CPU time / cores is what an idle machine would take.
            Console.WriteLine(
                $"{(half ? "float16" : "float32")} base ({bases.Values.Sum(b => b.Bytes) / 1e6:F0} MB): wall median {times[times.Count / 2]:F0} ms " +
                $"(min {times[0]:F0}, max {times[^1]:F0}); CPU time median {cpuMedian:F0} ms = {cpuMedian / Environment.ProcessorCount:F0} ms on " +
                $"{Environment.ProcessorCount} idle cores; {flops / (cpuMedian / 1000) / 1e9:F1} GFLOP/s per core");
        }

        return CacheHit();
    }

    /// <summary>One 1280×1280 weight, rank r, single thread, data in cache: the kernel's own speed.</summary>
    private static void KernelThroughput(int rank)
    {
        const int Side = 1280;
        var random = new SeededWeights(9);
        var weights = RandomFloats(random, Side * Side, 0.05f);
        var a = RandomFloats(random, Side * rank, 0.1f);
        var b = RandomFloats(random, rank * Side, 0.1f);
        var output = new float[weights.Length];
        var packed = LowRankUpdate.Pack(b, rank, Side);
        const int BandRows = 48;
        LowRankUpdate.Apply(weights, a, b, packed, output, BandRows, Side, rank);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        const int Repeats = 20;
        for (int r = 0; r < Repeats; r++)
        {
            for (int row = 0; row < Side; row += BandRows)
            {
                int rows = Math.Min(BandRows, Side - row);
                LowRankUpdate.Apply(weights.AsSpan(row * Side), a.AsSpan(row * rank), b, packed, output.AsSpan(row * Side), rows, Side, rank);
            }
        }

        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        double flops = 2.0 * rank * Side * Side * Repeats;
        Console.WriteLine($"kernel ({Side}×{Side}, rank {rank}, 1 thread): {flops / cpu / 1e9:F1} GFLOP/s of CPU time ({flops / watch.Elapsed.TotalSeconds / 1e9:F1} by wall clock)");
    }

    private static int CacheHit()
    {
        var folder = Path.Combine(Path.GetTempPath(), "facechain-bench-lora-" + Guid.NewGuid().ToString("N"));
        try
        {
            TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Seed = 1 });
            using var sessions = new OnnxSessionCache(new InferenceOptions { IntraOpThreads = 1 });
            var fusion = LoraFusion.ForModelSet(new ModelSetLoader(sessions).Load(folder));
            var random = new SeededWeights(3);
            var layers = fusion.Mapping.Targets
                .Select(t => new LoraLayer(t, 4, 4f, RandomFloats(random, (int)(4 * t.InFeatures), 0.1f), RandomFloats(random, (int)(t.OutFeatures * 4), 0.1f)))
                .ToList();
            LoraSelection[] selection = [new(new LoraAdapter("tiny", layers, []), 1f)];
            using var cache = new FusedModelSetCache(1L << 30);

            var watch = Stopwatch.StartNew();
            cache.Acquire(fusion, selection).Dispose();
            double miss = watch.Elapsed.TotalMilliseconds;

            const int Hits = 100_000;
            watch.Restart();
            for (int i = 0; i < Hits; i++)
            {
                cache.Acquire(fusion, selection).Dispose();
            }

            double hit = watch.Elapsed.TotalMilliseconds * 1000 / Hits;
            Console.WriteLine($"cache (tiny set): first acquire {miss:F0} ms (base-weight read, override check, fusion, 2 sessions); hit {hit:F2} µs");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The weights a kohya SD-1.5 LoRA covers, as a torch.onnx export stores them (Linear as [in, out]).</summary>
    private static List<(LoraTarget Target, string Kind)> StableDiffusion15Targets()
    {
        var targets = new List<(LoraTarget, string)>();
        void Linear(string component, string module, int input, int output) =>
            targets.Add((new LoraTarget(component, module, module + ".weight", [input, output], true, false), "linear"));
        void Conv1x1(string module, int input, int output) =>
            targets.Add((new LoraTarget(ComponentNames.UNet, module, module + ".weight", [output, input, 1, 1], false, false), "conv"));

        var blocks = new List<(string Path, int Channels)>();
        int[] widths = [320, 640, 1280];
        for (int b = 0; b < 3; b++)
        {
            for (int a = 0; a < 2; a++)
            {
                blocks.Add(($"down_blocks.{b}.attentions.{a}", widths[b]));
            }
        }

        blocks.Add(("mid_block.attentions.0", 1280));
        for (int b = 1; b < 4; b++)
        {
            for (int a = 0; a < 3; a++)
            {
                blocks.Add(($"up_blocks.{b}.attentions.{a}", widths[3 - b]));
            }
        }

        foreach (var (path, c) in blocks)
        {
            Conv1x1(path + ".proj_in", c, c);
            Conv1x1(path + ".proj_out", c, c);
            string block = path + ".transformer_blocks.0";
            foreach (var projection in new[] { "to_q", "to_k", "to_v", "to_out.0" })
            {
                Linear(ComponentNames.UNet, $"{block}.attn1.{projection}", c, c);
            }

            Linear(ComponentNames.UNet, block + ".attn2.to_q", c, c);
            Linear(ComponentNames.UNet, block + ".attn2.to_k", ContextWidth, c);
            Linear(ComponentNames.UNet, block + ".attn2.to_v", ContextWidth, c);
            Linear(ComponentNames.UNet, block + ".attn2.to_out.0", c, c);
            Linear(ComponentNames.UNet, block + ".ff.net.0.proj", c, 8 * c);
            Linear(ComponentNames.UNet, block + ".ff.net.2", 4 * c, c);
        }

        for (int layer = 0; layer < 12; layer++)
        {
            string prefix = $"text_model.encoder.layers.{layer}";
            foreach (var projection in new[] { "q_proj", "k_proj", "v_proj", "out_proj" })
            {
                Linear(ComponentNames.TextEncoder, $"{prefix}.self_attn.{projection}", ContextWidth, ContextWidth);
            }

            Linear(ComponentNames.TextEncoder, prefix + ".mlp.fc1", ContextWidth, 4 * ContextWidth);
            Linear(ComponentNames.TextEncoder, prefix + ".mlp.fc2", 4 * ContextWidth, ContextWidth);
        }

        return targets;
    }

    private static float[] RandomFloats(SeededWeights random, int count, float limit)
    {
        // SplitMix per value is slow for 300 M values; fill a block and tile it with a varying offset instead.
        var block = random.Uniform(4099, limit);
        var values = new float[count];
        for (int i = 0; i < count; i += block.Length)
        {
            int length = Math.Min(block.Length, count - i);
            block.AsSpan(0, length).CopyTo(values.AsSpan(i));
        }

        return values;
    }
}
