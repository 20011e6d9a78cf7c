using FaceChain.Diffusion.Noise;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Diffusion.Scheduling;
using FaceChain.TinyModels;

namespace FaceChain.Diffusion.Tests;

/// <summary>
/// <see cref="DiffusionPipeline.GenerateBatch"/>: n images in one denoising loop must each be the image generated alone.
/// The tolerance is not zero because a UNet call over 2n rows may block its GEMMs and convolutions differently from one
/// over 2 (a different summation order in float32); 1e-4 is far below what a mixed-up seed, face or noise stream changes
/// (those move latents by O(0.1)), as the distinctness checks show.
/// </summary>
public sealed class BatchGenerationTests(ModelSetFixture fixture) : IClassFixture<ModelSetFixture>
{
    private const float SameImageTolerance = 1e-4f;

    private DiffusionRequest Request(SamplerKind sampler, ulong seed, float[]? face, float guidance = 5f) => new()
    {
        Prompt = "a portrait photo of a person",
        NegativePrompt = "blurry",
        FaceTokens = face,
        FaceScale = 0.8f,
        Width = 32,
        Height = 40,
        Steps = 5,
        GuidanceScale = guidance,
        Sampler = sampler,
        Seed = seed,
    };

    private float[] Face(ulong seed)
    {
        var face = fixture.Random.ModelSet.Manifest.Face;
        var values = new float[face.TokenCount * face.HiddenSize];
        new GaussianNoise(seed).Fill(values);
        return values;
    }

    /// <summary>Four images that differ in every per-image input: seed, face tokens (one given as a face image, one none), initial noise.</summary>
    private List<DiffusionRequest> FourImages(SamplerKind sampler, float guidance = 5f)
    {
        var size = fixture.Random.ModelSet.Manifest.Face.AlignedSize;
        var faceImage = new float[3 * size * size];
        new GaussianNoise(99).Fill(faceImage);
        var initialNoise = new float[fixture.Random.ModelSet.Manifest.Latent.Channels * (32 / 8) * (40 / 8)];
        new GaussianNoise(1234).Fill(initialNoise);
        return
        [
            Request(sampler, 3, Face(30), guidance),
            Request(sampler, 4, null, guidance) with { FaceImages = faceImage },
            Request(sampler, 5, null, guidance),
            Request(sampler, 6, Face(60), guidance) with { InitialNoise = initialNoise },
        ];
    }

    public static TheoryData<string, SamplerKind, float> Cases()
    {
        var data = new TheoryData<string, SamplerKind, float>();
        foreach (var sampler in Enum.GetValues<SamplerKind>())
        {
            data.Add("batched", sampler, 5f);
            data.Add("fixed-batch-of-one", sampler, 5f);
        }

        data.Add("batched", SamplerKind.EulerAncestral, 1f);
        data.Add("fixed-batch-of-one", SamplerKind.EulerAncestral, 1f);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachImageOfABatchIsTheImageGeneratedAlone(string variant, SamplerKind sampler, float guidance)
    {
        var pipeline = variant == "batched" ? fixture.Random : fixture.FixedBatch;
        var requests = FourImages(sampler, guidance);
        var batch = pipeline.GenerateBatch(requests);
        try
        {
            Assert.Equal(requests.Count, batch.Count);
            for (var i = 0; i < requests.Count; i++)
            {
                using var alone = pipeline.Generate(requests[i]);
                var difference = SamplerOracleTests.MaxAbs(alone.Latents, batch[i].Latents);
                Assert.True(difference <= SameImageTolerance, $"image {i}: max abs difference {difference} from generating it alone");
                Assert.Equal((32, 40), (batch[i].Image.Width, batch[i].Image.Height));
            }

            for (var i = 1; i < requests.Count; i++)
            {
                Assert.True(SamplerOracleTests.MaxAbs(batch[0].Latents, batch[i].Latents) > 1e-2, $"image {i} repeats image 0");
            }
        }
        finally
        {
            Dispose(batch);
        }
    }

    [Fact]
    public void ABatchIsDeterministic()
    {
        var requests = FourImages(SamplerKind.EulerAncestral);
        var first = fixture.Random.GenerateBatch(requests);
        var second = fixture.Random.GenerateBatch(requests);
        try
        {
            for (var i = 0; i < requests.Count; i++)
            {
                Assert.Equal(first[i].Latents, second[i].Latents);
                Assert.Equal(PipelineTests.Bytes(first[i]), PipelineTests.Bytes(second[i]));
            }
        }
        finally
        {
            Dispose(first);
            Dispose(second);
        }
    }

    public static TheoryData<string, Func<DiffusionRequest, DiffusionRequest>> Mismatches() => new()
    {
        { "width", r => r with { Width = 48 } },
        { "height", r => r with { Height = 32 } },
        { "steps", r => r with { Steps = 6 } },
        { "sampler", r => r with { Sampler = SamplerKind.Ddim } },
        { "guidance scale", r => r with { GuidanceScale = 6f } },
        { "prompt", r => r with { Prompt = "a painting" } },
        { "negative prompt", r => r with { NegativePrompt = "" } },
        { "face scale", r => r with { FaceScale = 0.5f } },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void RequestsThatDisagreeOnASharedSettingAreRejected(string field, Func<DiffusionRequest, DiffusionRequest> change)
    {
        var requests = FourImages(SamplerKind.DpmSolverPlusPlus2MKarras);
        requests[2] = change(requests[2]);

        var e = Assert.Throws<DiffusionRequestException>(() => fixture.Random.GenerateBatch(requests));
        Assert.Contains($"must share the {field} ", e.Message, StringComparison.Ordinal);
        Assert.Contains("request 2 differs from request 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyBatchAndAnInvalidMemberAreRejected()
    {
        Assert.Throws<ArgumentException>(() => fixture.Random.GenerateBatch([]));
        var requests = FourImages(SamplerKind.Ddim);
        requests[1] = requests[1] with { FaceImages = null, FaceTokens = new float[3] };
        var e = Assert.Throws<DiffusionRequestException>(() => fixture.Random.GenerateBatch(requests));
        Assert.Contains("face tokens have 3 values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressCountsTheBatchsStepsOnce()
    {
        var seen = new List<(int, int)>();
        Dispose(fixture.Random.GenerateBatch(FourImages(SamplerKind.Ddim), (s, t) => seen.Add((s, t))));
        Assert.Equal(Enumerable.Range(1, 5).Select(s => (s, 5)), seen);
    }

    [Theory]
    [InlineData(SamplerKind.Ddim)]
    [InlineData(SamplerKind.DpmSolverPlusPlus2MKarras)]
    [InlineData(SamplerKind.EulerAncestral)]
    public void OracleUNetRecoversTheTargetForEveryImageOfABatch(SamplerKind kind)
    {
        var target = OracleTarget.Random(4, 4, 4, seed: 21);
        var folder = fixture.NewFolder("oracle-batch");
        OracleModelSetWriter.Write(folder, target, new TinyModelSetOptions { Seed = 3 });
        var pipeline = new DiffusionPipeline(fixture.Loader.Load(folder), fixture.Tokenizer);
        var request = new DiffusionRequest { Prompt = "anything", NegativePrompt = "anything", Width = 32, Height = 32, Steps = 20, GuidanceScale = 7f, Sampler = kind };
        ulong[] seeds = [9, 10, 11];
        var batch = pipeline.GenerateBatch([.. seeds.Select(seed => request with { Seed = seed })]);
        try
        {
            var schedule = new NoiseSchedule(pipeline.ModelSet.Manifest.Scheduler);
            for (var i = 0; i < seeds.Length; i++)
            {
                var error = SamplerOracleTests.MaxAbs(OracleExpectation.FinalLatents(kind, target, schedule, request.Steps, seeds[i]), batch[i].Latents);
                Assert.True(error < 1e-3, $"image {i} (seed {seeds[i]}): max error {error}");
            }
        }
        finally
        {
            Dispose(batch);
        }
    }

    private static void Dispose(IReadOnlyList<DiffusionResult> results)
    {
        foreach (var result in results)
        {
            result.Dispose();
        }
    }
}
