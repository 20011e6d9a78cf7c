using FaceChain.Diffusion.Noise;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Diffusion.Scheduling;
using FaceChain.TinyModels;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Diffusion.Tests;

public sealed class ImageToImageTests(ModelSetFixture fixture) : IClassFixture<ModelSetFixture>
{
    private const int Side = 32;

    public static TheoryData<SamplerKind> Samplers() => new(Enum.GetValues<SamplerKind>());

    private static DiffusionRequest Request(SamplerKind sampler, int steps = 10) => new()
    {
        Prompt = "a portrait photo of a person",
        NegativePrompt = "blurry",
        Width = Side,
        Height = Side,
        Steps = steps,
        GuidanceScale = 5f,
        Sampler = sampler,
        Seed = 17,
    };

    private static Image<Rgb24> Source(int seed)
    {
        var noise = new GaussianNoise((ulong)seed);
        var image = new Image<Rgb24>(Side, Side);
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                image[x, y] = new Rgb24((byte)(noise.NextUInt64() & 255), (byte)((x * 8) & 255), (byte)((y * 8) & 255));
            }
        }

        return image;
    }

    /// <summary>Redraw the left half (x &lt; 16): latent columns 0 and 1 of 4.</summary>
    private static float[] LeftHalf() =>
        Enumerable.Range(0, Side * Side).Select(i => i % Side < Side / 2 ? 0.9f : 0.1f).ToArray();

    [Theory]
    [MemberData(nameof(Samplers))]
    public void StrengthOneReproducesTextToImage(SamplerKind sampler)
    {
        using var source = Source(1);
        using var text = fixture.Random.Generate(Request(sampler));
        using var image = fixture.Random.Generate(Request(sampler) with { ImageToImage = new ImageToImage(source, 1f) });
        Assert.Equal(text.Latents, image.Latents);
    }

    [Theory]
    [InlineData(10, 0.6f, 4)]
    [InlineData(20, 0.6f, 8)]
    [InlineData(50, 0.25f, 38)]
    [InlineData(7, 0.5f, 4)]
    [InlineData(10, 0.05f, 10)]
    public void StrengthSelectsTheStartStep(int steps, float strength, int expectedStart)
    {
        Assert.Equal(expectedStart, ImageToImageStart.StepIndex(steps, strength));
        using var source = Source(2);
        var progress = new List<(int Done, int Total)>();
        using var result = fixture.Random.Generate(
            Request(SamplerKind.Ddim, steps) with { ImageToImage = new ImageToImage(source, strength) },
            (done, total) => progress.Add((done, total)));
        Assert.Equal(Enumerable.Range(expectedStart, steps - expectedStart), progress.Select(p => p.Done - 1 + expectedStart));
        Assert.All(progress, p => Assert.Equal(steps - expectedStart, p.Total));
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void OracleRunFromTheNoisedImageMatchesTheClosedFormLoop(SamplerKind kind)
    {
        // The oracle UNet's output is exact for its target, so the pipeline's final latents follow from where it starts:
        // the encoded source noised to step steps − int(steps·s) with the seed's first draw. A wrong start step or start
        // level changes them.
        var target = OracleTarget.Random(4, 4, 4, seed: 21);
        var folder = fixture.NewFolder("oracle-i2i");
        OracleModelSetWriter.Write(folder, target, new TinyModelSetOptions { Seed = 3 });
        var pipeline = new DiffusionPipeline(fixture.Loader.Load(folder), fixture.Tokenizer);
        using var source = Source(3);
        const int steps = 20;
        const float strength = 0.6f;
        using var result = pipeline.Generate(Request(kind, steps) with { ImageToImage = new ImageToImage(source, strength) });

        var schedule = new NoiseSchedule(pipeline.ModelSet.Manifest.Scheduler);
        var encoded = new VaeCodec(pipeline.ModelSet).Encode(source);
        var stream = new GaussianNoise(17);
        var noise = new float[encoded.Length];
        stream.Fill(noise);
        var sampler = SamplerFactory.Create(kind, schedule, steps, encoded.Length, stream);
        var start = ImageToImageStart.StepIndex(steps, strength);
        var latents = new float[encoded.Length];
        sampler.AddNoise(start, encoded, noise, latents);
        var expected = new ClosedFormOracle(schedule, target.Values).Continue(sampler, latents, start);

        Assert.Equal(8, start);
        Assert.True(SamplerOracleTests.MaxAbs(expected, result.Latents) < 1e-3, $"max error {SamplerOracleTests.MaxAbs(expected, result.Latents)}");
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void BlendedLatentsKeepTheReNoisedOriginalOutsideTheMaskAtEveryStep(SamplerKind kind)
    {
        const int steps = 10;
        using var source = Source(4);
        var encoded = new VaeCodec(fixture.Random.ModelSet).Encode(source);
        var noise = new float[encoded.Length];
        var stream = new GaussianNoise(17);
        stream.Fill(noise);
        var reference = SamplerFactory.Create(kind, new NoiseSchedule(fixture.Random.ModelSet.Manifest.Scheduler), steps, encoded.Length, stream);
        var plane = encoded.Length / 4;
        var expected = new float[encoded.Length];
        var seen = new List<int>();
        var insideChanged = false;

        using var result = fixture.Random.GenerateBatch(
            [Request(kind, steps) with { ImageToImage = new ImageToImage(source, 0.6f) { Mask = LeftHalf() } }],
            observer: (_, step, latents) =>
            {
                seen.Add(step);
                if (step + 1 < steps)
                {
                    reference.AddNoise(step + 1, encoded, noise, expected);
                }
                else
                {
                    encoded.CopyTo(expected, 0);
                }

                for (var i = 0; i < latents.Length; i++)
                {
                    var column = i % plane % 4;
                    if (column >= 2)
                    {
                        Assert.Equal(expected[i], latents[i]);
                    }
                    else
                    {
                        insideChanged |= latents[i] != expected[i];
                    }
                }
            })[0];

        Assert.Equal(Enumerable.Range(4, 6), seen);
        Assert.True(insideChanged, "the masked half must be redrawn");
        for (var i = 0; i < encoded.Length; i++)
        {
            if (i % plane % 4 >= 2)
            {
                Assert.Equal(encoded[i], result.Latents[i]);
            }
        }
    }

    [Fact]
    public void LatentMaskIsBinarisedAtHalfAndNearestResized()
    {
        var pixels = new float[Side * Side];
        pixels[(8 * Side) + 16] = 0.5f;   // latent (1, 2): its sampled pixel is exactly 0.5 → redraw
        pixels[(8 * Side) + 17] = 1f;     // not a sampled pixel: ignored
        pixels[(24 * Side) + 0] = 0.49f;  // latent (3, 0): below 0.5 → keep
        var mask = new LatentInpaintMask(pixels, Side, Side, 8, new float[64], new float[64]);
        var expected = new bool[16];
        expected[(1 * 4) + 2] = true;
        Assert.Equal(expected, mask.LatentPlane);
    }

    [Fact]
    public void StrengthZeroReturnsTheEncodedAndDecodedInput()
    {
        using var source = Source(5);
        using var result = fixture.Random.Generate(Request(SamplerKind.DpmSolverPlusPlus2MKarras) with { ImageToImage = new ImageToImage(source, 0f) });
        var codec = new VaeCodec(fixture.Random.ModelSet);
        using var roundTrip = codec.Decode(codec.Encode(source), Side, Side);
        Assert.Equal(codec.Encode(source), result.Latents);
        Assert.True(Pixels(roundTrip).SequenceEqual(Pixels(result.Image)));
    }

    [Fact]
    public void BadSourcesAreRefused()
    {
        using var small = new Image<Rgb24>(16, 16);
        var size = Assert.Throws<DiffusionRequestException>(() => fixture.Random.Generate(Request(SamplerKind.Ddim) with { ImageToImage = new ImageToImage(small, 0.5f) }));
        Assert.Contains("must be 32x32", size.Message, StringComparison.Ordinal);
        using var source = Source(6);
        Assert.Throws<DiffusionRequestException>(() => fixture.Random.Generate(Request(SamplerKind.Ddim) with { ImageToImage = new ImageToImage(source, 1.5f) }));
        Assert.Throws<DiffusionRequestException>(() => fixture.Random.Generate(Request(SamplerKind.Ddim) with { ImageToImage = new ImageToImage(source, 0.5f) { Mask = new float[3] } }));
    }

    private static Rgb24[] Pixels(Image<Rgb24> image)
    {
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }
}
