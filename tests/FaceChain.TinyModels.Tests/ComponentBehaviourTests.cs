namespace FaceChain.TinyModels.Tests;

public sealed class ComponentBehaviourTests
{
    [Fact]
    public void Linear_decoder_upsamples_the_first_three_latent_channels_exactly()
    {
        using var folder = new TemporaryFolder();
        var manifest = OracleModelSetWriter.Write(folder.Path, OracleTarget.Random(4, 2, 3, seed: 1), new TinyModelSetOptions());
        var latent = FloatTensor.Random(8, 1, 4, 2, 3);

        using var decoder = new OnnxModelRunner(Path.Combine(folder.Path, manifest.Components["vae_decoder"].File));
        var image = decoder.Run(new Dictionary<string, FloatTensor> { ["latent_sample"] = latent })["sample"];

        Assert.Equal([1L, 3, 16, 24], image.Shape);
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < 16; y++)
            {
                for (int x = 0; x < 24; x++)
                {
                    Assert.Equal(latent.Values[(c * 6) + ((y / 8) * 3) + (x / 8)], image.Values[(c * 384) + (y * 24) + x]);
                }
            }
        }
    }

    [Fact]
    public void Text_encoder_distinguishes_real_clip_token_ids()
    {
        using var folder = new TemporaryFolder();
        var manifest = TinyModelSetWriter.Write(folder.Path, new TinyModelSetOptions { IncludeVaeEncoder = false });
        using var encoder = new OnnxModelRunner(Path.Combine(folder.Path, manifest.Components["text_encoder"].File));
        // <start> a photo of a cat <end>… versus <start> a photo of a dog <end>… (ids from CLIP's vocab).
        float[] cat = Encode(encoder, 2368);
        float[] dog = Encode(encoder, 1929);

        Assert.False(manifest.Components.ContainsKey("vae_encoder"));
        Assert.Equal(77 * 32, cat.Length);
        int catToken = 5 * 32;
        Assert.Equal(cat[..catToken], dog[..catToken]);
        Assert.NotEqual(cat[catToken..(catToken + 32)], dog[catToken..(catToken + 32)]);
    }

    [Theory]
    [InlineData(31, 16, 4, 4)]
    [InlineData(32, 3, 4, 4)]
    [InlineData(32, 16, 0, 4)]
    [InlineData(32, 16, 4, 0)]
    public void Invalid_sizes_are_rejected_before_anything_is_written(int hidden, int modelChannels, int latentChannels, int faceTokens)
    {
        using var folder = new TemporaryFolder();
        var options = new TinyModelSetOptions { HiddenSize = hidden, ModelChannels = modelChannels, LatentChannels = latentChannels, FaceTokenCount = faceTokens };

        Assert.Throws<ArgumentOutOfRangeException>(() => TinyModelSetWriter.Write(folder.Path, options));
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Unknown_prediction_type_is_rejected()
    {
        using var folder = new TemporaryFolder();

        Assert.Throws<ArgumentOutOfRangeException>(() => TinyModelSetWriter.Write(folder.Path, new TinyModelSetOptions { PredictionType = "sample" }));
    }

    private static float[] Encode(OnnxModelRunner encoder, int noun)
    {
        int[] ids = [49406, 320, 1125, 539, 320, noun];
        var input = FloatTensor.Filled(i => i < ids.Length ? ids[i] : 49407, 1, 77);
        return encoder.Run(new Dictionary<string, FloatTensor> { ["input_ids"] = input })["last_hidden_state"].Values;
    }
}
