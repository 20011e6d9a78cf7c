using FaceChain.Diffusion.Lora;
using FaceChain.TinyModels;

namespace FaceChain.Diffusion.Tests.Lora;

public sealed class LowRankUpdateTests
{
    [Theory]
    [InlineData(6, 16, 1)]
    [InlineData(12, 32, 64)]
    [InlineData(7, 37, 5)]
    [InlineData(1, 3, 2)]
    [InlineData(23, 50, 9)]
    public void Matches_a_double_precision_reference_including_row_and_column_tails(int rows, int n, int k)
    {
        var random = new SeededWeights((rows * 1000) + (n * 10) + k);
        var baseRows = random.Uniform(rows * n, 1.0);
        var a = random.Uniform(rows * k, 1.0);
        var b = random.Uniform(k * n, 1.0);
        var destination = new float[rows * n];

        LowRankUpdate.Apply(baseRows, a, b, destination, rows, n, k);
        var inPlace = (float[])baseRows.Clone();
        LowRankUpdate.Apply(inPlace, a, b, inPlace, rows, n, k);

        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = baseRows[(i * n) + j];
                for (int p = 0; p < k; p++)
                {
                    expected += (double)a[(i * k) + p] * b[(p * n) + j];
                }

                Assert.True(Math.Abs(destination[(i * n) + j] - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)) * Math.Sqrt(k), $"[{i}, {j}]");
            }
        }

        Assert.Equal(destination, inPlace);
    }

    [Fact]
    public void Short_buffers_are_refused()
    {
        Assert.Throws<ArgumentException>(() => LowRankUpdate.Apply(new float[5], new float[2], new float[6], new float[6], 2, 3, 1));
    }
}
