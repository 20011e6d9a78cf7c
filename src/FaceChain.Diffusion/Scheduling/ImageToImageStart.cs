namespace FaceChain.Diffusion.Scheduling;

/// <summary>
/// Where an image-to-image run enters the sampler's schedule, as diffusers' <c>get_timesteps</c>: strength s runs the last
/// <c>int(steps·s)</c> steps, so the first one is <c>steps − int(steps·s)</c>. Strength 1 runs every step (and starts from
/// pure noise, as diffusers does at full strength); strength 0 runs none.
/// </summary>
public static class ImageToImageStart
{
    public static int StepIndex(int steps, float strength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (!(strength >= 0 && strength <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "strength must be between 0 and 1");
        }

        return steps - Math.Min((int)(steps * (double)strength), steps);
    }
}
