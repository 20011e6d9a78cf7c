using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Diffusion.Scheduling;
using FaceChain.Inference;
using FaceChain.TinyModels;
using Microsoft.ML.OnnxRuntime;

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
        var written = Sd15ShapedModelSetWriter.Write(folder, new Sd15ShapedOptions { Seed = 3, WidthDivisor = Divisor });

        var counts = written.Parameters.ToDictionary(p => p.Component, p => p.Generated);
        Assert.Equal(Sd15ArchitectureCount.UNetWithFaceAdapter(Divisor), counts["unet"]);
        Assert.Equal(Sd15ArchitectureCount.ClipText(Divisor), counts["text_encoder"]);
        Assert.Equal(Sd15ArchitectureCount.VaeDecoder(Divisor), counts["vae_decoder"]);
        Assert.Equal(Sd15ArchitectureCount.VaeEncoder(Divisor), counts["vae_encoder"]);
        Assert.Equal(Sd15ArchitectureCount.ControlNet(Divisor), counts[Sd15ShapedOptions.OpenPoseControlNet]);
        Assert.Equal(Sd15ArchitectureCount.ControlNet(Divisor), counts[Sd15ShapedOptions.CannyControlNet]);
        Assert.Equal(["canny", "openpose"], written.Manifest.ControlNets!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("controlnet/canny/model.onnx", written.Manifest.ControlNets["canny"].File);
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
        Sd15ShapedModelSetWriter.Write(folder, new Sd15ShapedOptions { Seed = 4, WidthDivisor = Divisor, ControlNets = [], ControlNetResiduals = false });
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

    [Fact]
    public void OnlyTheChosenControlNetsAreWritten()
    {
        string folder = fixture.NewFolder("sd15-shaped-canny-only");
        var written = Sd15ShapedModelSetWriter.Write(folder, new Sd15ShapedOptions { Seed = 6, WidthDivisor = Divisor, ControlNets = ["canny"] });

        Assert.Equal(["canny"], written.Manifest.ControlNets!.Keys);
        Assert.False(Directory.Exists(Path.Combine(folder, "controlnet", "openpose")));
        Assert.Throws<ArgumentException>(() => Sd15ShapedModelSetWriter.Write(
            fixture.NewFolder("sd15-shaped-unknown"), new Sd15ShapedOptions { WidthDivisor = Divisor, ControlNets = ["depth"] }));
    }

    [Theory]
    [InlineData("openpose")]
    [InlineData("canny")]
    public void ControlNetResidualsFitTheUNetsResidualInputs(string controlNetName)
    {
        string folder = fixture.NewFolder("sd15-shaped-controlnet");
        var written = Sd15ShapedModelSetWriter.Write(folder, new Sd15ShapedOptions { Seed = 5, WidthDivisor = Divisor });
        Assert.Equal(Sd15ArchitectureCount.ControlNet(Divisor), written.Parameters.Single(p => p.Component == controlNetName).Generated);
        using var sessions = new OnnxSessionCache(new InferenceOptions { IntraOpThreads = 1 });
        var set = new ModelSetLoader(sessions).Load(folder);
        var controlNet = set.GetControlNet(controlNetName).Session;
        var other = set.GetControlNet(controlNetName == "canny" ? "openpose" : "canny").Session;
        var unet = set.Get("unet").Session;
        int hidden = set.Manifest.Text.HiddenSize;

        var shared = new Dictionary<string, (float[] Values, long[] Shape)>
        {
            ["sample"] = (Random(2 * 4 * 8 * 8, 1), [2, 4, 8, 8]),
            ["timestep"] = ([500f, 500f], [2]),
            ["encoder_hidden_states"] = (Random(2 * 77 * hidden, 2), [2, 77, hidden]),
        };
        var controlInputs = new Dictionary<string, (float[] Values, long[] Shape)>(shared)
        {
            ["controlnet_cond"] = (Random(2 * 3 * 64 * 64, 3), [2, 3, 64, 64]),
            ["conditioning_scale"] = ([1f], [1]),
        };
        var residuals = Run(controlNet, controlInputs);
        Assert.Equal(13, residuals.Count);
        Assert.Equal(unet.InputMetadata.Keys.Where(k => k.EndsWith("_additional_residual", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            residuals.Keys.Order(StringComparer.Ordinal));
        // Same architecture, its own random weights: the other ControlNet answers the same inputs differently.
        var otherResiduals = Run(other, controlInputs);
        Assert.Contains(residuals.Keys, k => residuals[k].Values.Zip(otherResiduals[k].Values).Any(p => p.First != p.Second));

        var unetInputs = new Dictionary<string, (float[] Values, long[] Shape)>(shared)
        {
            ["face_tokens"] = (Random(2 * 16 * hidden, 4), [2, 16, hidden]),
            ["face_scale"] = ([0.5f], [1]),
        };
        var withZeros = new Dictionary<string, (float[] Values, long[] Shape)>(unetInputs);
        foreach (var (name, (values, shape)) in residuals)
        {
            unetInputs[name] = (values, shape);
            withZeros[name] = (new float[values.Length], shape);
        }

        float[] controlled = Run(unet, unetInputs)["out_sample"].Values;
        float[] plain = Run(unet, withZeros)["out_sample"].Values;
        Assert.All(controlled, v => Assert.True(float.IsFinite(v)));
        Assert.True(controlled.Zip(plain).Max(p => Math.Abs(p.First - p.Second)) > 1e-4f);
    }

    private static float[] Random(int count, ulong seed)
    {
        var values = new float[count];
        new Noise.GaussianNoise(seed).Fill(values);
        return values;
    }

    private static Dictionary<string, (float[] Values, long[] Shape)> Run(InferenceSession session, Dictionary<string, (float[] Values, long[] Shape)> inputs)
    {
        var names = session.InputMetadata.Keys.ToList();
        var values = names.Select(n => OrtValue.CreateTensorValueFromMemory(inputs[n].Values, inputs[n].Shape)).ToList();
        try
        {
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, names, values, session.OutputNames);
            return session.OutputNames.Select((name, i) => (name, outputs[i])).ToDictionary(
                o => o.name,
                o => (o.Item2.GetTensorDataAsSpan<float>().ToArray(), o.Item2.GetTensorTypeAndShape().Shape));
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }
}
