using FaceChain.Diffusion.Pipeline;
using FaceChain.Diffusion.Scheduling;
using FaceChain.Inference;
using FaceChain.TinyModels;

namespace FaceChain.Diffusion.Tests;

/// <summary>
/// The OrtIoBinding loop (used by default on CUDA) against the plain Run loop, on the CPU provider: the same request
/// must give bit-identical latents and image bytes for every sampler and every UNet export variant.
/// </summary>
public sealed class IoBindingTests(ModelSetFixture fixture) : IClassFixture<ModelSetFixture>
{
    private static DiffusionRequest Request(SamplerKind sampler, float[]? face) => new()
    {
        Prompt = "a portrait photo of a person",
        NegativePrompt = "blurry",
        FaceTokens = face,
        FaceScale = 0.8f,
        Width = 32,
        Height = 40,
        Steps = 5,
        GuidanceScale = 4f,
        Sampler = sampler,
        Seed = 77,
    };

    public static TheoryData<string, SamplerKind> Variants()
    {
        var data = new TheoryData<string, SamplerKind>();
        foreach (var sampler in Enum.GetValues<SamplerKind>())
        {
            data.Add("batched", sampler);
        }

        data.Add("fixed-batch-of-one", SamplerKind.EulerAncestral);
        data.Add("fp16", SamplerKind.DpmSolverPlusPlus2MKarras);
        data.Add("int64-timestep", SamplerKind.Ddim);
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void BindingAndPlainRunGiveIdenticalImages(string variant, SamplerKind sampler)
    {
        var set = variant switch
        {
            "batched" => fixture.Random.ModelSet,
            "fixed-batch-of-one" => fixture.FixedBatch.ModelSet,
            _ => LoadVariant(variant),
        };
        var plain = new DiffusionPipeline(set, fixture.Tokenizer) { UseIoBinding = false };
        var bound = new DiffusionPipeline(set, fixture.Tokenizer) { UseIoBinding = true };
        var face = Face(set.Manifest.Face.TokenCount * set.Manifest.Face.HiddenSize);

        using var viaRun = plain.Generate(Request(sampler, face));
        using var viaBinding = bound.Generate(Request(sampler, face));
        Assert.Equal(viaRun.Latents, viaBinding.Latents);
        Assert.Equal(Bytes(viaRun), Bytes(viaBinding));

        // A second generation on the same pipeline re-creates its bindings: still identical, and guidance off (batch 1) too.
        using var again = bound.Generate(Request(sampler, face));
        Assert.Equal(viaRun.Latents, again.Latents);
        using var unguidedRun = plain.Generate(Request(sampler, face) with { GuidanceScale = 1 });
        using var unguidedBinding = bound.Generate(Request(sampler, face) with { GuidanceScale = 1 });
        Assert.Equal(unguidedRun.Latents, unguidedBinding.Latents);
    }

    [Fact]
    public void BindingIsTheDefaultForGpuProvidersAndAnOptionOnCpu()
    {
        Assert.False(new InferenceOptions().IoBindingEnabled);
        Assert.True(new InferenceOptions { Provider = ExecutionProvider.Cuda }.IoBindingEnabled);
        Assert.True(new InferenceOptions { Provider = ExecutionProvider.TensorRT }.IoBindingEnabled);
        Assert.False(new InferenceOptions { Provider = ExecutionProvider.Cuda, UseIoBinding = false }.IoBindingEnabled);
        Assert.False(fixture.Random.UseIoBinding);

        using var sessions = new OnnxSessionCache(new InferenceOptions { IntraOpThreads = 1, UseIoBinding = true });
        var set = new Diffusion.ModelSets.ModelSetLoader(sessions).Load(fixture.RandomFolder);
        Assert.True(set.Inference.IoBindingEnabled);
        var pipeline = new DiffusionPipeline(set, fixture.Tokenizer);
        Assert.True(pipeline.UseIoBinding);
        using var bound = pipeline.Generate(Request(SamplerKind.Ddim, null));
        using var plain = fixture.Random.Generate(Request(SamplerKind.Ddim, null));
        Assert.Equal(plain.Latents, bound.Latents);
    }

    private Diffusion.ModelSets.ModelSet LoadVariant(string variant)
    {
        var folder = fixture.NewFolder(variant);
        TinyModelSetWriter.Write(folder, variant == "fp16"
            ? new TinyModelSetOptions { Seed = 11, HalfPrecision = true, IncludeVaeEncoder = false }
            : new TinyModelSetOptions { Seed = 11, Int64Timestep = true, IncludeVaeEncoder = false });
        return fixture.Loader.Load(folder);
    }

    private static float[] Face(int length)
    {
        var values = new float[length];
        new Noise.GaussianNoise(5).Fill(values);
        return values;
    }

    private static byte[] Bytes(DiffusionResult result)
    {
        var bytes = new byte[result.Image.Width * result.Image.Height * 3];
        result.Image.CopyPixelDataTo(bytes);
        return bytes;
    }
}
