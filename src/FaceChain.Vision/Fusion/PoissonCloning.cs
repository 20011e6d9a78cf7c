using System.Numerics.Tensors;

namespace FaceChain.Vision.Fusion;

/// <summary>
/// Seamless cloning ("normal clone" of Pérez, Gangnet and Blake, Poisson image editing): inside the mask the result
/// keeps the source's gradients, outside it the destination's, and the rectangle's border is pinned to the destination,
/// so the source's detail arrives with the destination's light and colour. The discrete Poisson equation on the
/// rectangle is solved exactly with sine transforms (the Laplacian's eigenbasis under Dirichlet borders), which is what
/// OpenCV's seamlessClone does too; written here because OpenCV's official Linux runtime links GTK 3, which serverless
/// Functions hosts do not have. Only pixels inside the mask are taken from the solution.
/// </summary>
public static class PoissonCloning
{
    /// <summary>
    /// Blends <paramref name="source"/> into <paramref name="destination"/> (both planar: channel × height × width,
    /// row-major) where <paramref name="mask"/> (height × width) is set, in place. The rectangle's outermost rows and
    /// columns must lie outside the mask: they are the fixed border.
    /// </summary>
    public static void Blend(float[] source, float[] destination, bool[] mask, int width, int height, int channels)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(mask);
        int plane = width * height;
        if (width < 3 || height < 3 || mask.Length != plane || source.Length != plane * channels || destination.Length != plane * channels)
        {
            throw new ArgumentException("planes, mask and size disagree (or the rectangle is smaller than 3×3)");
        }

        for (int x = 0; x < width; x++)
        {
            if (mask[x] || mask[((height - 1) * width) + x])
            {
                throw new ArgumentException("the mask touches the rectangle's border", nameof(mask));
            }
        }

        for (int y = 0; y < height; y++)
        {
            if (mask[y * width] || mask[(y * width) + width - 1])
            {
                throw new ArgumentException("the mask touches the rectangle's border", nameof(mask));
            }
        }

        int m = height - 2, n = width - 2;
        var sineRows = SineBasis(m);
        var sineColumns = SineBasis(n);
        var eigenRows = Eigenvalues(m);
        var eigenColumns = Eigenvalues(n);
        float scale = 4f / ((m + 1) * (n + 1));
        var rhs = new float[m * n];
        var temp = new float[m * n];
        var spectrum = new float[m * n];
        for (int c = 0; c < channels; c++)
        {
            var src = source.AsSpan(c * plane, plane);
            var dst = destination.AsSpan(c * plane, plane);
            Divergence(src, dst, mask, width, height, rhs);
            MultiplyInto(sineRows, rhs, temp, m, m, n);
            MultiplyInto(temp, sineColumns, spectrum, m, n, n);
            for (int k = 0; k < m; k++)
            {
                for (int l = 0; l < n; l++)
                {
                    spectrum[(k * n) + l] /= eigenRows[k] + eigenColumns[l];
                }
            }

            MultiplyInto(sineRows, spectrum, temp, m, m, n);
            MultiplyInto(temp, sineColumns, rhs, m, n, n);
            for (int y = 1; y <= m; y++)
            {
                for (int x = 1; x <= n; x++)
                {
                    int i = (y * width) + x;
                    if (mask[i])
                    {
                        dst[i] = rhs[((y - 1) * n) + x - 1] * scale;
                    }
                }
            }
        }
    }

    // The guidance field is the source's forward differences where the pixel is in the mask, the destination's elsewhere;
    // its divergence (backward differences) is the Laplacian the solution must have. Border values move to the right side.
    private static void Divergence(ReadOnlySpan<float> src, ReadOnlySpan<float> dst, bool[] mask, int width, int height, float[] rhs)
    {
        int n = width - 2;
        for (int y = 1; y < height - 1; y++)
        {
            for (int x = 1; x < width - 1; x++)
            {
                float value = GradientX(src, dst, mask, width, x, y) - GradientX(src, dst, mask, width, x - 1, y)
                    + GradientY(src, dst, mask, width, x, y) - GradientY(src, dst, mask, width, x, y - 1);
                if (x == 1)
                {
                    value -= dst[(y * width) + x - 1];
                }

                if (x == width - 2)
                {
                    value -= dst[(y * width) + x + 1];
                }

                if (y == 1)
                {
                    value -= dst[((y - 1) * width) + x];
                }

                if (y == height - 2)
                {
                    value -= dst[((y + 1) * width) + x];
                }

                rhs[((y - 1) * n) + x - 1] = value;
            }
        }
    }

    private static float GradientX(ReadOnlySpan<float> src, ReadOnlySpan<float> dst, bool[] mask, int width, int x, int y)
    {
        int i = (y * width) + x;
        return mask[i] ? src[i + 1] - src[i] : dst[i + 1] - dst[i];
    }

    private static float GradientY(ReadOnlySpan<float> src, ReadOnlySpan<float> dst, bool[] mask, int width, int x, int y)
    {
        int i = (y * width) + x;
        return mask[i] ? src[i + width] - src[i] : dst[i + width] - dst[i];
    }

    // S[j,k] = sin(π(j+1)(k+1)/(N+1)): symmetric, S·S = (N+1)/2·I, and its columns diagonalise the 1-D Dirichlet Laplacian.
    private static float[] SineBasis(int size)
    {
        var basis = new float[size * size];
        for (int j = 0; j < size; j++)
        {
            for (int k = 0; k < size; k++)
            {
                basis[(j * size) + k] = (float)Math.Sin(Math.PI * (j + 1) * (k + 1) / (size + 1));
            }
        }

        return basis;
    }

    private static float[] Eigenvalues(int size)
    {
        var values = new float[size];
        for (int k = 0; k < size; k++)
        {
            values[k] = (float)((2 * Math.Cos(Math.PI * (k + 1) / (size + 1))) - 2);
        }

        return values;
    }

    // C (rows × columns) = A (rows × inner) · B (inner × columns), a row of B at a time so the inner loop is one vectorised axpy.
    private static void MultiplyInto(float[] a, float[] b, float[] c, int rows, int inner, int columns)
    {
        Array.Clear(c, 0, rows * columns);
        for (int i = 0; i < rows; i++)
        {
            var row = c.AsSpan(i * columns, columns);
            for (int k = 0; k < inner; k++)
            {
                TensorPrimitives.MultiplyAdd(b.AsSpan(k * columns, columns), a[(i * inner) + k], row, row);
            }
        }
    }
}
