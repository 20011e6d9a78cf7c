namespace FaceChain.TinyModels.Tests;

public sealed class FactUNetTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly OnnxModelRunner _unet;
    private readonly FloatTensor _sample = FloatTensor.Random(3, 2, 4, 8, 8);

    public FactUNetTests()
    {
        var manifest = TinyModelSetWriter.Write(_folder.Path, new TinyModelSetOptions { Seed = 5, UNetResidualInputs = false, ControlNets = [] });
        _unet = new OnnxModelRunner(Path.Combine(_folder.Path, manifest.Components["unet"].File));
    }

    [Fact]
    public void Face_scale_zero_makes_the_output_bit_identical_for_any_face_tokens()
    {
        var withFaceA = Inputs(faceScale: 0f, faceSeed: 1);
        var withFaceB = Inputs(faceScale: 0f, faceSeed: 2);

        Assert.Equal(Output(withFaceA), Output(withFaceB));
    }

    [Fact]
    public void Face_scale_one_makes_the_output_depend_on_the_face_tokens()
    {
        float difference = MaxDifference(Output(Inputs(faceScale: 1f, faceSeed: 1)), Output(Inputs(faceScale: 1f, faceSeed: 2)));

        Assert.True(difference > 1e-4f, $"face tokens changed the output by only {difference}");
    }

    [Fact]
    public void Face_scale_moves_the_output_away_from_the_text_only_prediction()
    {
        float[] textOnly = Output(Inputs(faceScale: 0f, faceSeed: 1));

        Assert.True(MaxDifference(textOnly, Output(Inputs(faceScale: 1f, faceSeed: 1))) > 1e-4f);
    }

    [Fact]
    public void Text_states_and_timestep_change_the_output()
    {
        float[] reference = Output(Inputs(faceScale: 1f, faceSeed: 1));

        Assert.True(MaxDifference(reference, Output(Inputs(faceScale: 1f, faceSeed: 1, textSeed: 9))) > 1e-4f);
        Assert.True(MaxDifference(reference, Output(Inputs(faceScale: 1f, faceSeed: 1, timestep: 20f))) > 1e-4f);
    }

    [Fact]
    public void Batch_items_are_independent_so_guidance_can_batch_cond_and_uncond()
    {
        var batched = Inputs(faceScale: 1f, faceSeed: 1);
        float[] both = Output(batched);
        int perItem = 4 * 8 * 8;
        var single = batched.ToDictionary(
            pair => pair.Key,
            pair => pair.Key == "face_scale" ? pair.Value : FirstItem(pair.Value));

        float[] first = Output(single);

        Assert.True(MaxDifference(both[..perItem], first) < 1e-5f);
    }

    [Fact]
    public void Half_precision_unet_tracks_the_float_unet()
    {
        using var halfFolder = new TemporaryFolder();
        var manifest = TinyModelSetWriter.Write(halfFolder.Path, new TinyModelSetOptions { Seed = 5, HalfPrecision = true, UNetResidualInputs = false, ControlNets = [] });
        using var half = new OnnxModelRunner(Path.Combine(halfFolder.Path, manifest.Components["unet"].File));
        var inputs = Inputs(faceScale: 1f, faceSeed: 1);

        float[] halfOutput = half.Run(inputs)["out_sample"].Values;

        Assert.True(MaxDifference(halfOutput, Output(inputs)) < 0.05f);
    }

    public void Dispose()
    {
        _unet.Dispose();
        _folder.Dispose();
    }

    private static FloatTensor FirstItem(FloatTensor tensor)
    {
        long[] shape = [1, .. tensor.Shape[1..]];
        int count = (int)shape.Aggregate(1L, (product, dim) => product * dim);
        return new FloatTensor(tensor.Values[..count], shape);
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b).Max(pair => Math.Abs(pair.First - pair.Second));

    private Dictionary<string, FloatTensor> Inputs(float faceScale, int faceSeed, int textSeed = 1, float timestep = 500f)
    {
        var inputs = OracleUNetTests.UNetInputs(_sample, [timestep, timestep * 0.5f], textSeed, faceScale);
        inputs["face_tokens"] = FloatTensor.Random(faceSeed + 77, 2, 4, 32);
        return inputs;
    }

    private float[] Output(Dictionary<string, FloatTensor> inputs) => _unet.Run(inputs)["out_sample"].Values;
}
