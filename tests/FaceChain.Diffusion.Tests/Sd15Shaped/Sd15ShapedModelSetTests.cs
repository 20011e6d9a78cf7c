using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Diffusion.Scheduling;
using FaceChain.Inference;
using FaceChain.TinyModels;

namespace FaceChain.Diffusion.Tests.Sd15Shaped;

/// <summary>
/// The SD-1.5-shaped builder at one eighth of the real widths (same depth, heads, token counts and resolutions):
/// every component is a valid graph with the architecture's parameter count, the set loads with the production
/// loader (sha256 of graphs and external data, signatures) and generates a finite image.
/// </summary>
public sealed class Sd15ShapedModelSetTests(ModelSetFixture fixture) : IClassFixture<ModelSetFixture>
{
    private const int Divisor = 8;

    [Fact]
    public void ScaledDownSetHasTheArchitecturesParameterCountsLoadsAndGenerates()
    {
        string folder = fixture.NewFolder("sd15-shaped");
        var written = Sd15ShapedModelSetWriter.Write(folder, new Sd15ShapedOptions { Seed = 3, WidthDivisor = Divisor, ControlNetResiduals = false });

        var counts = written.Parameters.ToDictionary(p => p.Component, p => p.Generated);
        Assert.Equal(Sd15ArchitectureCount.UNetWithFaceAdapter(Divisor), counts["unet"]);
        Assert.Equal(Sd15ArchitectureCount.ClipText(Divisor), counts["text_encoder"]);
        Assert.Equal(Sd15ArchitectureCount.VaeDecoder(Divisor), counts["vae_decoder"]);
        Assert.Equal(Sd15ArchitectureCount.VaeEncoder(Divisor), counts["vae_encoder"]);
        Assert.Equal(Sd15ArchitectureCount.ControlNet(Divisor), counts["controlnet"]);
        Assert.All(written.Manifest.Components.Values, c => Assert.True(File.Exists(Path.Combine(folder, c.ExternalData![0].File))));

        using var sessions = new OnnxSessionCache(new InferenceOptions { IntraOpThreads = 1 });
        var set = new ModelSetLoader(sessions).Load(folder);
        var pipeline = new DiffusionPipeline(set, fixture.Tokenizer);
        using var result = pipeline.Generate(new DiffusionRequest
        {
            Prompt = "a portrait photo of a person",
            NegativePrompt = "blurry",
            FaceImages = new float[3 * 112 * 112],
            FaceScale = 0.5f,
            Width = 64,
            Height = 64,
            Steps = 2,
            GuidanceScale = 7f,
            Sampler = SamplerKind.DpmSolverPlusPlus2MKarras,
            Seed = 1,
        });

        Assert.All(result.Latents, v => Assert.True(float.IsFinite(v)));
        Assert.True(result.Latents.Max() - result.Latents.Min() > 1e-3f);
    }

    [Fact]
    public void ReplacedExternalWeightsAreRefusedAtLoad()
    {
        string folder = fixture.NewFolder("sd15-shaped-tampered");
        Sd15ShapedModelSetWriter.Write(folder, new Sd15ShapedOptions { Seed = 4, WidthDivisor = Divisor, IncludeControlNet = false, ControlNetResiduals = false });
        string data = Path.Combine(folder, "vae_decoder", "model.onnx.data");
        using (var stream = File.Open(data, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = stream.Length / 2;
            int b = stream.ReadByte();
            stream.Position--;
            stream.WriteByte((byte)(b ^ 0xFF));
        }

        using var sessions = new OnnxSessionCache(new InferenceOptions { IntraOpThreads = 1 });
        var error = Assert.Throws<ModelSetException>(() => new ModelSetLoader(sessions).Load(folder));
        Assert.Contains("vae_decoder: external data file 'vae_decoder/model.onnx.data' fails its sha256 check", error.Message);
    }
}
