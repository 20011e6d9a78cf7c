using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Diffusion.Scheduling;
using FaceChain.TinyModels;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

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
            foreach (var steps in new[] { 4, 20, 50 })
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
        var expected = OracleExpectation.FinalLatents(kind, target, schedule, steps, request.Seed);

        Assert.True(SamplerOracleTests.MaxAbs(expected, result.Latents) < 1e-3, $"max error {SamplerOracleTests.MaxAbs(expected, result.Latents)}");

        // Identical cond/uncond: guidance must change nothing.
        using var unguided = pipeline.Generate(request with { GuidanceScale = 1f });
        Assert.True(SamplerOracleTests.MaxAbs(unguided.Latents, result.Latents) < 1e-4);

        // The IOBinding loop recovers the target too, bit-identically to the plain loop.
        using var bound = new DiffusionPipeline(pipeline.ModelSet, fixture.Tokenizer) { UseIoBinding = true }.Generate(request);
        Assert.Equal(result.Latents, bound.Latents);
        Assert.True(SamplerOracleTests.MaxAbs(expected, bound.Latents) < 1e-3);
    }

    [Fact]
    public void TruncatedPromptsAreReportedAsWarningsAndLogged()
    {
        var logger = new RecordingLogger();
        var pipeline = new DiffusionPipeline(fixture.Random.ModelSet, fixture.Tokenizer, logger);
        var longPrompt = string.Join(' ', Enumerable.Repeat("portrait", 75)) + " of a smiling woman";
        using var result = pipeline.Generate(Request() with { Prompt = longPrompt, NegativePrompt = string.Join(' ', Enumerable.Repeat("blurry", 80)) });

        Assert.Equal(
            ["prompt was truncated to 77 tokens; dropped: 'of a smiling woman'", "negative prompt was truncated to 77 tokens; dropped: 'blurry blurry blurry blurry blurry'"],
            result.Warnings);
        Assert.Equal(2, logger.Entries.Count);
        Assert.All(logger.Entries, e => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, e.Level));
        Assert.Contains("dropped: 'of a smiling woman'", logger.Entries[0].Message, StringComparison.Ordinal);

        // The cut prompt conditions exactly like its first 75 tokens.
        using var kept = pipeline.Generate(Request() with { Prompt = string.Join(' ', Enumerable.Repeat("portrait", 75)), NegativePrompt = string.Join(' ', Enumerable.Repeat("blurry", 75)) });
        Assert.Equal(kept.Latents, result.Latents);
        Assert.Empty(kept.Warnings);
        Assert.Equal(2, logger.Entries.Count);
    }

    [Fact]
    public void UnguidedRequestDoesNotEncodeOrWarnAboutTheNegativePrompt()
    {
        var logger = new RecordingLogger();
        var pipeline = new DiffusionPipeline(fixture.Random.ModelSet, fixture.Tokenizer, logger);
        using var result = pipeline.Generate(Request() with { GuidanceScale = 1f, NegativePrompt = string.Join(' ', Enumerable.Repeat("blurry", 80)) });
        Assert.Empty(result.Warnings);
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public void EncodedFaceTokensGiveTheSameImageAsTheFaceImage()
    {
        var size = fixture.Random.ModelSet.Manifest.Face.AlignedSize;
        using var photo = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(FaceChain.Testing.SharedAssets.SinglePortraits[0]);
        photo.Mutate(p => p.Resize(new ResizeOptions { Size = new Size(size, size), Mode = ResizeMode.Crop }));
        var tensor = DiffusionPipeline.FaceImageTensor(photo);
        Assert.Equal(3 * size * size, tensor.Length);
        Assert.All(tensor, v => Assert.InRange(v, -1f, 1f));
        var pixel = photo[5, 7];
        Assert.Equal((pixel.R / 127.5f) - 1f, tensor[(7 * size) + 5]);
        Assert.Equal((pixel.B / 127.5f) - 1f, tensor[(2 * size * size) + (7 * size) + 5]);

        // What the EncodeIdentity activity stores and later passes as FaceTokens.
        var tokens = fixture.Random.EncodeFace(tensor);
        var manifest = fixture.Random.ModelSet.Manifest;
        Assert.Equal(manifest.Face.TokenCount * manifest.Face.HiddenSize, tokens.Length);
        Assert.Equal(tokens, fixture.Random.EncodeFace(tensor));

        using var viaTokens = fixture.Random.Generate(Request(tokens));
        using var viaImage = fixture.Random.Generate(Request() with { FaceImages = tensor });
        using var without = fixture.Random.Generate(Request());
        Assert.Equal(Bytes(viaImage), Bytes(viaTokens));
        Assert.Equal(viaImage.Latents, viaTokens.Latents);
        Assert.NotEqual(without.Latents, viaTokens.Latents);

        var e = Assert.Throws<DiffusionRequestException>(() => fixture.Random.EncodeFace(new float[3 * 8 * 8]));
        Assert.Contains($"face image has 192 values but [3, {size}, {size}]", e.Message, StringComparison.Ordinal);
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

    internal static byte[] Bytes(DiffusionResult result)
    {
        var bytes = new byte[result.Image.Width * result.Image.Height * 3];
        result.Image.CopyPixelDataTo(bytes);
        return bytes;
    }
}
