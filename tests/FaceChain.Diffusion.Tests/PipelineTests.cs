using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Diffusion.Scheduling;
using FaceChain.TinyModels;

namespace FaceChain.Diffusion.Tests;

public sealed class PipelineTests(ModelSetFixture fixture) : IClassFixture<ModelSetFixture>
{
    private DiffusionRequest Request(float[]? face = null, float faceScale = 1f, ulong seed = 1) => new()
    {
        Prompt = "a portrait photo of a person",
        NegativePrompt = "blurry",
        FaceTokens = face,
        FaceScale = faceScale,
        Width = 32,
        Height = 32,
        Steps = 4,
        GuidanceScale = 5f,
        Sampler = SamplerKind.DpmSolverPlusPlus2MKarras,
        Seed = seed,
    };

    private float[] Face(int seed)
    {
        var manifest = fixture.Random.ModelSet.Manifest;
        var values = new float[manifest.Face.TokenCount * manifest.Face.HiddenSize];
        new Noise.GaussianNoise((ulong)seed).Fill(values);
        return values;
    }

    [Fact]
    public void FaceScaleZeroIgnoresFaceTokens()
    {
        using var none = fixture.Random.Generate(Request(faceScale: 0));
        using var withFace = fixture.Random.Generate(Request(Face(1), faceScale: 0));
        Assert.Equal(none.Latents, withFace.Latents);
    }

    [Fact]
    public void FaceScaleAboveZeroChangesOutput()
    {
        using var none = fixture.Random.Generate(Request(faceScale: 1));
        using var withFace = fixture.Random.Generate(Request(Face(1), faceScale: 1));
        Assert.True(SamplerOracleTests.MaxAbs(none.Latents, withFace.Latents) > 1e-4);
    }

    [Fact]
    public void SameSeedSameBytesDifferentSeedDifferentImage()
    {
        using var a = fixture.Random.Generate(Request(Face(2), seed: 5));
        using var b = fixture.Random.Generate(Request(Face(2), seed: 5));
        using var c = fixture.Random.Generate(Request(Face(2), seed: 6));
        Assert.Equal(Bytes(a), Bytes(b));
        Assert.NotEqual(Bytes(a), Bytes(c));
    }

    [Fact]
    public void BatchedAndUnbatchedGuidanceAgree()
    {
        using var batched = fixture.Random.Generate(Request(Face(3)));
        using var unbatched = fixture.FixedBatch.Generate(Request(Face(3)));
        Assert.True(SamplerOracleTests.MaxAbs(batched.Latents, unbatched.Latents) < 1e-4);
    }

    [Fact]
    public void ProgressReportsEveryStepAndCancellationStops()
    {
        var seen = new List<(int, int)>();
        using (fixture.Random.Generate(Request() with { Steps = 5 }, (s, t) => seen.Add((s, t))))
        {
        }

        Assert.Equal(Enumerable.Range(1, 5).Select(s => (s, 5)), seen);

        using var cts = new CancellationTokenSource();
        var steps = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => fixture.Random.Generate(
            Request() with { Steps = 20 },
            (s, _) =>
            {
                steps = s;
                if (s == 2)
                {
                    cts.Cancel();
                }
            },
            cts.Token));
        Assert.Equal(2, steps);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public void BadStepsAreRejected(int steps)
    {
        var e = Assert.Throws<DiffusionRequestException>(() => fixture.Random.Generate(Request() with { Steps = steps }));
        Assert.Contains("steps must be between 1 and 200", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeGuidanceIsRejected()
    {
        var e = Assert.Throws<DiffusionRequestException>(() => fixture.Random.Generate(Request() with { GuidanceScale = -1 }));
        Assert.Contains("guidance scale", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(36, 32)]
    [InlineData(32, 0)]
    [InlineData(4096, 32)]
    public void BadSizesAreRejected(int width, int height)
    {
        var e = Assert.Throws<DiffusionRequestException>(() => fixture.Random.Generate(Request() with { Width = width, Height = height }));
        Assert.Contains("multiples of 8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongShapedTensorsAreRejected()
    {
        var noise = Assert.Throws<DiffusionRequestException>(() => fixture.Random.Generate(Request() with { InitialNoise = new float[10] }));
        Assert.Contains("initial noise has 10 values", noise.Message, StringComparison.Ordinal);
        var face = Assert.Throws<DiffusionRequestException>(() => fixture.Random.Generate(Request(new float[3])));
        Assert.Contains("face tokens have 3 values", face.Message, StringComparison.Ordinal);
    }

    public static TheoryData<SamplerKind, int, string> OracleCases()
    {
        var data = new TheoryData<SamplerKind, int, string>();
        foreach (var kind in Enum.GetValues<SamplerKind>())
        {
            foreach (var steps in new[] { 4, 20 })
            {
                data.Add(kind, steps, SchedulerSettings.Epsilon);
            }

            data.Add(kind, 20, SchedulerSettings.VPrediction);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OracleCases))]
    public void OracleUNetThroughWholePipelineRecoversTarget(SamplerKind kind, int steps, string prediction)
    {
        var target = OracleTarget.Random(4, 4, 4, seed: 21);
        var folder = fixture.NewFolder("oracle");
        OracleModelSetWriter.Write(folder, target, new TinyModelSetOptions { Seed = 3, PredictionType = prediction });
        var pipeline = new DiffusionPipeline(fixture.Loader.Load(folder), fixture.Tokenizer);
        var request = new DiffusionRequest { Prompt = "anything", NegativePrompt = "anything", Width = 32, Height = 32, Steps = steps, GuidanceScale = 7f, Sampler = kind, Seed = 9 };
        using var result = pipeline.Generate(request);

        var schedule = new Scheduling.NoiseSchedule(pipeline.ModelSet.Manifest.Scheduler);
        float[] expected = target.Values;
        if (kind == SamplerKind.Ddim)
        {
            var noise = new float[target.Values.Length];
            new Noise.GaussianNoise(9).Fill(noise);
            var a = schedule.AlphasCumprod[(int)new DdimSampler(schedule, steps, 1).Timesteps[0]];
            var a0 = schedule.AlphasCumprod[0];
            expected = target.Values.Select((x, i) => (float)((Math.Sqrt(a0) * x) + (Math.Sqrt(1 - a0) * (noise[i] - (Math.Sqrt(a) * x)) / Math.Sqrt(1 - a)))).ToArray();
        }

        Assert.True(SamplerOracleTests.MaxAbs(expected, result.Latents) < 1e-3, $"max error {SamplerOracleTests.MaxAbs(expected, result.Latents)}");

        // Identical cond/uncond: guidance must change nothing.
        using var unguided = pipeline.Generate(request with { GuidanceScale = 1f });
        Assert.True(SamplerOracleTests.MaxAbs(unguided.Latents, result.Latents) < 1e-4);
    }

    [Fact]
    public void AlignedFaceImagesGoThroughTheFaceEncoder()
    {
        var set = fixture.Random.ModelSet;
        var size = set.Manifest.Face.AlignedSize;
        var face = new float[3 * size * size];
        new Noise.GaussianNoise(8).Fill(face);
        var tokens = new float[set.Manifest.Face.TokenCount * set.Manifest.Face.HiddenSize];
        ComponentRunner.Run(set.Get(ComponentNames.FaceEncoder), [ComponentInput.Of("face_images", face, 1, 3, size, size)], tokens);

        using var viaImages = fixture.Random.Generate(Request() with { FaceImages = face });
        using var viaTokens = fixture.Random.Generate(Request(tokens));
        using var without = fixture.Random.Generate(Request());
        Assert.Equal(viaTokens.Latents, viaImages.Latents);
        Assert.NotEqual(without.Latents, viaImages.Latents);

        var e = Assert.Throws<DiffusionRequestException>(() => fixture.Random.Generate(Request() with { FaceImages = new float[5] }));
        Assert.Contains("face image has 5 values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HalfPrecisionSetRunsThroughBoundaryConversion()
    {
        var folder = fixture.NewFolder("fp16");
        TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Seed = 11, HalfPrecision = true, IncludeVaeEncoder = false });
        var pipeline = new DiffusionPipeline(fixture.Loader.Load(folder), fixture.Tokenizer);
        Assert.True(pipeline.ModelSet.Get(ComponentNames.UNet).IsHalfPrecision);
        using var half = pipeline.Generate(Request(Face(4)));
        using var full = fixture.Random.Generate(Request(Face(4)));
        Assert.All(half.Latents, v => Assert.True(float.IsFinite(v)));
        // Weights rounded to fp16 and guidance 5 amplify differences: compare relative mean error, not max.
        var relative = half.Latents.Zip(full.Latents, (h, f) => Math.Abs(h - f)).Average() / full.Latents.Average(Math.Abs);
        Assert.True(relative < 0.05, $"fp16 vs fp32 relative mean error {relative}");
    }

    [Fact]
    public void SizeMustBeMultipleOfTheSetsImageSizeMultiple()
    {
        var manifest = fixture.Random.ModelSet.Manifest with { ImageSizeMultiple = 64 };
        var pipeline = new DiffusionPipeline(new ModelSet(fixture.RandomFolder, manifest, fixture.Random.ModelSet.Components), fixture.Tokenizer);
        var e = Assert.Throws<DiffusionRequestException>(() => pipeline.Generate(Request()));
        Assert.Contains("multiples of 64", e.Message, StringComparison.Ordinal);
    }

    private static byte[] Bytes(DiffusionResult result)
    {
        var bytes = new byte[result.Image.Width * result.Image.Height * 3];
        result.Image.CopyPixelDataTo(bytes);
        return bytes;
    }
}
