namespace FaceChain.TinyModels.Tests;

public sealed class OracleUNetTests
{
    private const int Channels = 4;
    private const int Size = 8;

    [Fact]
    public void Schedule_matches_stable_diffusion_sigma_range()
    {
        double[] alphas = ScaledLinearSchedule.AlphasCumprod();

        Assert.Equal(1000, alphas.Length);
        Assert.Equal(1 - 0.00085, alphas[0], 12);
        // SD-1.5's published sigma range (k-diffusion / diffusers): 0.0292 … 14.6146.
        Assert.Equal(0.0292, Math.Sqrt((1 - alphas[0]) / alphas[0]), 4);
        Assert.Equal(14.6146, Math.Sqrt((1 - alphas[999]) / alphas[999]), 3);
    }

    [Theory]
    [InlineData("epsilon")]
    [InlineData("vPrediction")]
    public void Prediction_equals_the_closed_form_for_integer_and_fractional_timesteps(string predictionType)
    {
        using var folder = new TemporaryFolder();
        var target = OracleTarget.Random(Channels, Size, Size, seed: 11);
        string path = Path.Combine(folder.Path, "oracle.onnx");
        OracleUNetWriter.Write(path, target, new TinyModelSetOptions { PredictionType = predictionType });
        float[] timesteps = [0f, 1f, 37f, 500f, 999f, 0.5f, 12.25f, 500.5f, 998.75f, 999f];
        var sample = FloatTensor.Random(5, timesteps.Length, Channels, Size, Size);

        using var runner = new OnnxModelRunner(path);
        var output = runner.Run(UNetInputs(sample, timesteps))["out_sample"];

        int perItem = Channels * Size * Size;
        double worst = 0;
        for (int b = 0; b < timesteps.Length; b++)
        {
            var (sqrtAlpha, sqrtOneMinusAlpha) = Coefficients(timesteps[b]);
            for (int i = 0; i < perItem; i++)
            {
                double x = sample.Values[(b * perItem) + i];
                double x0 = target.Values[i];
                double epsilon = (x - (sqrtAlpha * x0)) / sqrtOneMinusAlpha;
                double expected = predictionType == "epsilon" ? epsilon : (sqrtAlpha * epsilon) - (sqrtOneMinusAlpha * x0);
                worst = Math.Max(worst, Math.Abs(expected - output.Values[(b * perItem) + i]));
            }
        }

        Assert.True(worst < 1e-4, $"max abs error {worst}");
    }

    [Fact]
    public void Int64_timestep_oracle_equals_the_float_oracle_at_integer_timesteps()
    {
        using var folder = new TemporaryFolder();
        var target = OracleTarget.Random(Channels, Size, Size, seed: 6);
        string floatPath = Path.Combine(folder.Path, "float.onnx");
        string int64Path = Path.Combine(folder.Path, "int64.onnx");
        OracleUNetWriter.Write(floatPath, target, new TinyModelSetOptions());
        OracleUNetWriter.Write(int64Path, target, new TinyModelSetOptions { Int64Timestep = true });
        var inputs = UNetInputs(FloatTensor.Random(8, 3, Channels, Size, Size), [1f, 401f, 981f]);

        using var floatRunner = new OnnxModelRunner(floatPath);
        using var int64Runner = new OnnxModelRunner(int64Path);

        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64, int64Runner.Session.InputMetadata["timestep"].ElementDataType);
        Assert.Equal(floatRunner.Run(inputs)["out_sample"].Values, int64Runner.Run(inputs)["out_sample"].Values);
    }

    [Fact]
    public void Noising_the_target_with_known_noise_recovers_that_noise()
    {
        using var folder = new TemporaryFolder();
        var target = OracleTarget.Random(Channels, Size, Size, seed: 4);
        string path = Path.Combine(folder.Path, "oracle.onnx");
        OracleUNetWriter.Write(path, target, new TinyModelSetOptions());
        var noise = FloatTensor.Random(9, 1, Channels, Size, Size);
        var (sqrtAlpha, sqrtOneMinusAlpha) = Coefficients(250.0);
        var noisy = new FloatTensor(
            noise.Values.Select((n, i) => (float)((sqrtAlpha * target.Values[i]) + (sqrtOneMinusAlpha * n))).ToArray(),
            noise.Shape);

        using var runner = new OnnxModelRunner(path);
        var predicted = runner.Run(UNetInputs(noisy, [250f]))["out_sample"];

        Assert.All(predicted.Values.Zip(noise.Values), pair => Assert.Equal(pair.Second, pair.First, 1e-4f));
    }

    [Fact]
    public void Text_and_face_inputs_do_not_change_the_oracle()
    {
        using var folder = new TemporaryFolder();
        string path = Path.Combine(folder.Path, "oracle.onnx");
        OracleUNetWriter.Write(path, OracleTarget.Random(Channels, Size, Size, seed: 1), new TinyModelSetOptions());
        var sample = FloatTensor.Random(2, 1, Channels, Size, Size);

        using var runner = new OnnxModelRunner(path);
        var first = runner.Run(UNetInputs(sample, [321.5f], contextSeed: 1, faceScale: 0f))["out_sample"];
        var second = runner.Run(UNetInputs(sample, [321.5f], contextSeed: 2, faceScale: 1f))["out_sample"];

        Assert.Equal(first.Values, second.Values);
    }

    [Fact]
    public void Target_of_the_wrong_size_or_channel_count_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new OracleTarget(new float[10], 4, 2, 2));
        Assert.Throws<ArgumentException>(() => OracleUNetWriter.Build(OracleTarget.Random(3, 2, 2, 0), new TinyModelSetOptions { LatentChannels = 4 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OracleTarget([], 0, 2, 2));
    }

    internal static Dictionary<string, FloatTensor> UNetInputs(FloatTensor sample, float[] timesteps, int contextSeed = 1, float faceScale = 1f, int hidden = 32, int faceTokens = 4)
    {
        long batch = sample.Shape[0];
        return new Dictionary<string, FloatTensor>
        {
            ["sample"] = sample,
            ["timestep"] = new FloatTensor(timesteps, [batch]),
            ["encoder_hidden_states"] = FloatTensor.Random(contextSeed, batch, 77, hidden),
            ["face_tokens"] = FloatTensor.Random(contextSeed + 1000, batch, faceTokens, hidden),
            ["face_scale"] = new FloatTensor([faceScale], [1]),
        };
    }

    // diffusers' sigma→t mapping, inverted: linear interpolation of log σ between integer timesteps.
    private static (double SqrtAlpha, double SqrtOneMinusAlpha) Coefficients(double timestep)
    {
        double[] alphas = ScaledLinearSchedule.AlphasCumprod();
        double LogSigma(int t) => Math.Log(Math.Sqrt((1 - alphas[t]) / alphas[t]));
        int lower = Math.Clamp((int)Math.Floor(timestep), 0, 998);
        double weight = timestep - lower;
        double sigma = Math.Exp(((1 - weight) * LogSigma(lower)) + (weight * LogSigma(lower + 1)));
        double norm = Math.Sqrt(1 + (sigma * sigma));
        return (1 / norm, sigma / norm);
    }
}
