using FaceChain.Vision.Pose;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Tests.Pose;

public sealed class PosePhotoPaddingTests
{
    private static readonly Rgb24 White = new(255, 255, 255);
    private static readonly Rgb24 Black = new(0, 0, 0);

    [Fact]
    public void A_tall_photo_fills_the_height_and_is_centred()
    {
        using var photo = new Image<Rgb24>(100, 200, White);
        using var padded = PosePhotoPadding.Pad(photo, 64, 64);

        Assert.Equal((64, 64), (padded.Width, padded.Height));
        Assert.Equal(Black, padded[7, 32]);
        Assert.Equal(White, padded[32, 0]);
        Assert.Equal(White, padded[32, 63]);
        Assert.Equal(Black, padded[56, 32]);
        Assert.Equal(White, padded[17, 32]);
    }

    [Fact]
    public void A_wide_photo_fills_the_width_and_is_padded_on_top_only()
    {
        using var photo = new Image<Rgb24>(200, 100, White);
        using var padded = PosePhotoPadding.Pad(photo, 64, 64);

        Assert.Equal(Black, padded[32, 31]);
        Assert.Equal(White, padded[32, 33]);
        Assert.Equal(White, padded[0, 63]);
        Assert.Equal(White, padded[63, 63]);
    }
}
