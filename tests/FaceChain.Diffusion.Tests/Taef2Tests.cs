using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Inference;
using FaceChain.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Diffusion.Tests;

public sealed class Taef2Tests(ModelSetFixture fixture) : IClassFixture<ModelSetFixture>
{
    [Fact]
    public void Taef2RoundTripsAPhotoThroughTheContract()
    {
        var vae = Taef2();

        using var photo = Image.Load<Rgb24>(SharedAssets.SinglePortraits[0]);
        photo.Mutate(p => p.Resize(new ResizeOptions { Size = new Size(256, 256), Mode = ResizeMode.Crop }));
        var latents = vae.Encode(photo);
        Assert.Equal(32 * 32 * 32, latents.Length);
        using var decoded = vae.Decode(latents, 256, 256);

        var original = ImageConversion.FromImage(photo, ValueRange.ZeroToOne);
        var roundTrip = ImageConversion.FromImage(decoded, ValueRange.ZeroToOne);
        var meanAbs = original.Zip(roundTrip, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanAbs < 0.03, $"mean abs error {meanAbs}");
    }

    [Fact]
    public void DecodeRejectsLatentsOfTheWrongLength()
    {
        // TAEF2 has 32 latent channels: 64x48 needs 32·6·8 values, whatever SD's 4 channels would need.
        var vae = Taef2();
        Assert.Equal(32 * 6 * 8, vae.LatentLength(64, 48));
        foreach (var length in new[] { 4 * 6 * 8, (32 * 6 * 8) - 1, (32 * 6 * 8) + 1, 0 })
        {
            var e = Assert.Throws<DiffusionRequestException>(() => vae.Decode(new float[length], 64, 48));
            Assert.Equal($"latents have {length} values but 64x48 needs {32 * 6 * 8}", e.Message);
        }

        using var decoded = vae.Decode(new float[32 * 6 * 8], 64, 48);
        Assert.Equal((64, 48), (decoded.Width, decoded.Height));
    }

    private VaeCodec Taef2()
    {
        var folder = fixture.NewFolder("taef2");
        Directory.CreateDirectory(folder);
        var encoder = SharedAssets.ModelPath(KnownModels.Taef2Encoder);
        var decoder = SharedAssets.ModelPath(KnownModels.Taef2Decoder);
        File.WriteAllText(Path.Combine(folder, ModelSetManifest.FileName), $$"""
            {
              "name": "taef2-vae-only",
              "latent": { "channels": 32, "scalingFactor": 1.0, "shiftFactor": 0.0, "downscale": 8 },
              "image": { "valueRange": "zeroToOne" },
              "imageSizeMultiple": 8,
              "components": {
                "vae_encoder": { "file": "{{encoder}}", "sha256": "{{KnownModels.Taef2Encoder.Sha256}}", "dtype": "fp32",
                  "inputs": [ { "name": "sample", "dtype": "float32", "shape": ["batch", 3, "height", "width"] } ],
                  "outputs": [ { "name": "latent_sample", "dtype": "float32", "shape": ["batch", 32, "h", "w"] } ] },
                "vae_decoder": { "file": "{{decoder}}", "sha256": "{{KnownModels.Taef2Decoder.Sha256}}", "dtype": "fp32",
                  "inputs": [ { "name": "latent_sample", "dtype": "float32", "shape": ["batch", 32, "h", "w"] } ],
                  "outputs": [ { "name": "sample", "dtype": "float32", "shape": ["batch", 3, "height", "width"] } ] }
              }
            }
            """);
        return new VaeCodec(fixture.Loader.LoadPartial(folder));
    }
}
