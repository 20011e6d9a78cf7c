namespace FaceChain.TinyModels;

/// <summary>
/// Stable Diffusion's "scaled_linear" noise schedule in double precision, used to bake the
/// oracle's lookup tables. The diffusion engine keeps its own implementation on purpose, so the
/// oracle is an independent check of it.
/// </summary>
internal static class ScaledLinearSchedule
{
    public static double[] AlphasCumprod(double betaStart = 0.00085, double betaEnd = 0.012, int trainTimesteps = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainTimesteps, 2);
        double rootStart = Math.Sqrt(betaStart);
        double rootEnd = Math.Sqrt(betaEnd);
        var alphasCumprod = new double[trainTimesteps];
        double product = 1.0;
        for (int i = 0; i < trainTimesteps; i++)
        {
            double root = rootStart + ((rootEnd - rootStart) * i / (trainTimesteps - 1));
            product *= 1.0 - (root * root);
            alphasCumprod[i] = product;
        }

        return alphasCumprod;
    }

    /// <summary>log σ_t with σ_t = sqrt((1 − ᾱ_t) / ᾱ_t).</summary>
    public static double[] LogSigmas(double[] alphasCumprod)
    {
        ArgumentNullException.ThrowIfNull(alphasCumprod);
        return alphasCumprod.Select(alpha => Math.Log(Math.Sqrt((1.0 - alpha) / alpha))).ToArray();
    }
}
