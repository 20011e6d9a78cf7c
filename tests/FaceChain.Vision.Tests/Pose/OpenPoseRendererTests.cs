using FaceChain.Vision.Pose;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Tests.Pose;

public sealed class OpenPoseRendererTests
{
    private static readonly Rgb24 Black = new(0, 0, 0);

    private static OpenPoseSkeleton Skeleton(params (int Index, float X, float Y)[] points)
    {
        var all = new PoseKeypoint?[OpenPoseSkeleton.PointCount];
        foreach (var (index, x, y) in points)
        {
            all[index] = new PoseKeypoint(x, y, 1f);
        }

        return new OpenPoseSkeleton(all);
    }

    [Fact]
    public void Joints_take_their_full_colour_and_the_limb_between_them_six_tenths_of_its_colour()
    {
        // Neck (1) and right shoulder (2): limb 0 joins them.
        using var image = OpenPoseRenderer.Render(Skeleton((1, 100, 100), (2, 60, 100)), 200, 200);

        Assert.Equal(new Rgb24(255, 85, 0), image[100, 100]);
        Assert.Equal(new Rgb24(255, 170, 0), image[60, 100]);
        Assert.Equal(new Rgb24(153, 0, 0), image[80, 100]);
        Assert.Equal(new Rgb24(153, 0, 0), image[80, 103]);
        Assert.Equal(Black, image[80, 106]);
        Assert.Equal(Black, image[10, 10]);
    }

    [Fact]
    public void Joint_circles_have_radius_four()
    {
        using var image = OpenPoseRenderer.Render(Skeleton((0, 50, 50)), 100, 100);

        Assert.Equal(OpenPoseRenderer.Colors[0], image[54, 50]);
        Assert.Equal(OpenPoseRenderer.Colors[0], image[50, 46]);
        Assert.Equal(Black, image[55, 50]);
        Assert.Equal(Black, image[54, 54]);
        Assert.Equal(Black, image[50, 40]);
    }

    [Fact]
    public void A_limb_with_a_missing_end_is_not_drawn()
    {
        using var image = OpenPoseRenderer.Render(Skeleton((1, 100, 100), (3, 40, 100)), 200, 200);

        // Limb 0 is neck → right shoulder (absent) and limb 2 is right shoulder → right elbow: neither is drawn.
        Assert.Equal(Black, image[70, 100]);
        Assert.Equal(OpenPoseRenderer.Colors[3], image[40, 100]);
    }

    [Fact]
    public void A_diagonal_limb_is_an_ellipse_along_the_limb()
    {
        using var image = OpenPoseRenderer.Render(Skeleton((1, 40, 40), (8, 120, 120)), 160, 160);
        var limbColor = new Rgb24(0, 153, 0); // limb 6 (neck → right hip), colour 6 × 0.6

        Assert.Equal(limbColor, image[80, 80]);
        Assert.Equal(limbColor, image[100, 100]);
        // Across the limb, 6 px from the axis, is outside the half-width of 4.
        Assert.Equal(Black, image[84, 76]);
    }
}
