namespace FaceChain.Diffusion.Scheduling;

/// <summary>Karras et al. (2022) σ ramp, as diffusers' _convert_to_karras.</summary>
public static class KarrasSigmas
{
    public static double[] Create(double sigmaMin, double sigmaMax, int steps, double rho = 7.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var minInvRho = Math.Pow(sigmaMin, 1 / rho);
        var maxInvRho = Math.Pow(sigmaMax, 1 / rho);
        var sigmas = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            var ramp = steps == 1 ? 0 : (double)i / (steps - 1);
            sigmas[i] = Math.Pow(maxInvRho + (ramp * (minInvRho - maxInvRho)), rho);
        }

        return sigmas;
    }
}
