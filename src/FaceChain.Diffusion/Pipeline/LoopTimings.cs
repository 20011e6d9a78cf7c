namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// Where the denoising loop spent its time: <see cref="Loop"/> is the wall time of all steps; <see cref="UNet"/> is
/// the time inside ONNX Runtime's run calls only (tensor set-up, dtype conversion, binding, guidance and sampler
/// math all count as outside).
/// </summary>
public sealed record LoopTimings(TimeSpan Loop, TimeSpan UNet)
{
    /// <summary>Share of loop time spent outside ONNX Runtime run calls.</summary>
    public double OverheadShare => Loop <= TimeSpan.Zero ? 0 : (Loop - UNet) / Loop;
}
