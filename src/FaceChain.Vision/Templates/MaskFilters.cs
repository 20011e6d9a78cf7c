namespace FaceChain.Vision.Templates;

/// <summary>
/// Erosion and Gaussian blur on float masks (row-major). ImageSharp has no morphology and quantises masks to 8 or 16
/// bits, and OpenCV's native runtime would add tens of megabytes for two filters, so these few exact, separable loops
/// live here. Windows are clipped at the border (erosion) or replicate the edge pixel (blur).
/// </summary>
public static class MaskFilters
{
    /// <summary>Minimum over a square window of side <paramref name="window"/> (OpenCV's erode with a ones(window, window) kernel, anchor at its centre).</summary>
    public static float[] Erode(ReadOnlySpan<float> mask, int width, int height, int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        var before = window / 2;
        var after = window - 1 - before;
        var rows = new float[mask.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var min = float.MaxValue;
                for (var k = Math.Max(0, x - before); k <= Math.Min(width - 1, x + after); k++)
                {
                    min = Math.Min(min, mask[(y * width) + k]);
                }

                rows[(y * width) + x] = min;
            }
        }

        var result = new float[mask.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var min = float.MaxValue;
                for (var k = Math.Max(0, y - before); k <= Math.Min(height - 1, y + after); k++)
                {
                    min = Math.Min(min, rows[(k * width) + x]);
                }

                result[(y * width) + x] = min;
            }
        }

        return result;
    }

    /// <summary>Separable Gaussian of odd size <paramref name="kernel"/> with OpenCV's σ for that size (0.3·((k−1)/2 − 1) + 0.8), edges replicated.</summary>
    public static float[] GaussianBlur(ReadOnlySpan<float> mask, int width, int height, int kernel)
    {
        if (kernel < 1 || kernel % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "the kernel size must be a positive odd number");
        }

        var weights = Weights(kernel);
        var radius = kernel / 2;
        var rows = new float[mask.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sum = 0.0;
                for (var k = -radius; k <= radius; k++)
                {
                    sum += weights[k + radius] * mask[(y * width) + Math.Clamp(x + k, 0, width - 1)];
                }

                rows[(y * width) + x] = (float)sum;
            }
        }

        var result = new float[mask.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sum = 0.0;
                for (var k = -radius; k <= radius; k++)
                {
                    sum += weights[k + radius] * rows[(Math.Clamp(y + k, 0, height - 1) * width) + x];
                }

                result[(y * width) + x] = (float)sum;
            }
        }

        return result;
    }

    private static double[] Weights(int kernel)
    {
        var sigma = (0.3 * (((kernel - 1) * 0.5) - 1)) + 0.8;
        var radius = kernel / 2;
        var weights = new double[kernel];
        var total = 0.0;
        for (var i = 0; i < kernel; i++)
        {
            var d = i - radius;
            weights[i] = Math.Exp(-(d * d) / (2 * sigma * sigma));
            total += weights[i];
        }

        for (var i = 0; i < kernel; i++)
        {
            weights[i] /= total;
        }

        return weights;
    }
}
