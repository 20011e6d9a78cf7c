using FaceChain.Vision.Fusion;

namespace FaceChain.Vision.Tests;

/// <summary>The Poisson solver against cases whose exact answer is known.</summary>
public sealed class PoissonCloningTests
{
    private const int Width = 40;
    private const int Height = 30;

    [Fact]
    public void ASourceThatDiffersFromTheDestinationOnlyInBrightnessBlendsBackToTheDestination()
    {
        // Normal cloning keeps the source's gradients and meets the destination at the border: a source that is the
        // destination plus a constant has the destination's gradients, so the unique solution is the destination itself.
        var destination = Field((x, y) => 100 + (30 * MathF.Sin(x * 0.3f)) + (20 * MathF.Cos(y * 0.25f)));
        var source = Field((x, y) => destination[(y * Width) + x] + 40);
        var mask = Ellipse();
        var result = (float[])destination.Clone();

        PoissonCloning.Blend(source, result, mask, Width, Height, 1);

        for (var i = 0; i < result.Length; i++)
        {
            Assert.True(MathF.Abs(result[i] - destination[i]) < 0.05f, $"pixel {i}: {result[i]} vs {destination[i]}");
        }
    }

    [Fact]
    public void InsideTheMaskTheResultHasTheSourcesLaplacianAndOutsideItIsUntouched()
    {
        var destination = Field((x, y) => 50 + x + y);
        var source = Field((x, y) => 200 * MathF.Exp(-(((x - 20) * (x - 20)) + ((y - 15) * (y - 15))) / 40f));
        var mask = Ellipse();
        var result = (float[])destination.Clone();

        PoissonCloning.Blend(source, result, mask, Width, Height, 1);

        for (var y = 1; y < Height - 1; y++)
        {
            for (var x = 1; x < Width - 1; x++)
            {
                var i = (y * Width) + x;
                if (!mask[i])
                {
                    Assert.Equal(destination[i], result[i]);
                    continue;
                }

                // Where the pixel and its four neighbours are all in the mask, the guidance is the source's own Laplacian.
                if (mask[i - 1] && mask[i + 1] && mask[i - Width] && mask[i + Width])
                {
                    Assert.True(MathF.Abs(Laplacian(result, i) - Laplacian(source, i)) < 0.05f, $"({x}, {y})");
                }
            }
        }
    }

    [Fact]
    public void AMaskOnTheRectanglesBorderIsRefused()
    {
        var mask = new bool[Width * Height];
        mask[5] = true;
        Assert.Throws<ArgumentException>(() => PoissonCloning.Blend(new float[mask.Length], new float[mask.Length], mask, Width, Height, 1));
    }

    private static float Laplacian(float[] f, int i) => f[i - 1] + f[i + 1] + f[i - Width] + f[i + Width] - (4 * f[i]);

    private static float[] Field(Func<int, int, float> value)
    {
        var field = new float[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                field[(y * Width) + x] = value(x, y);
            }
        }

        return field;
    }

    private static bool[] Ellipse()
    {
        var mask = new bool[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                float dx = (x - 20) / 14f, dy = (y - 15) / 10f;
                mask[(y * Width) + x] = (dx * dx) + (dy * dy) <= 1;
            }
        }

        return mask;
    }
}
