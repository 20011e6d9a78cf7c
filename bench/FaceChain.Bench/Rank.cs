namespace FaceChain.Bench;

/// <summary>Rank statistics for comparing orders (submission vs completion).</summary>
public static class Rank
{
    /// <summary>
    /// Spearman's rank correlation of two paired samples: 1 when <paramref name="y"/> rises exactly with
    /// <paramref name="x"/>, −1 when exactly reversed, near 0 without relation. Pairs with a NaN are left out; tied
    /// values share their average rank (completion times can tie at the store's millisecond resolution).
    /// </summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfNotEqual(y.Count, x.Count, nameof(y));
        var pairs = Enumerable.Range(0, x.Count).Where(k => !double.IsNaN(x[k]) && !double.IsNaN(y[k])).ToArray();
        if (pairs.Length < 2)
        {
            return double.NaN;
        }

        var rx = Ranks(pairs.Select(k => x[k]).ToArray());
        var ry = Ranks(pairs.Select(k => y[k]).ToArray());
        return Pearson(rx, ry);
    }

    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(k => values[k]).ToArray();
        var ranks = new double[values.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = (start + end) / 2.0;
            }

            start = end + 1;
        }

        return ranks;
    }

    private static double Pearson(double[] a, double[] b)
    {
        var meanA = a.Average();
        var meanB = b.Average();
        double covariance = 0, varianceA = 0, varianceB = 0;
        for (var k = 0; k < a.Length; k++)
        {
            covariance += (a[k] - meanA) * (b[k] - meanB);
            varianceA += (a[k] - meanA) * (a[k] - meanA);
            varianceB += (b[k] - meanB) * (b[k] - meanB);
        }

        return varianceA == 0 || varianceB == 0 ? double.NaN : covariance / Math.Sqrt(varianceA * varianceB);
    }
}
