namespace FaceChain.Diffusion.Pipeline;

/// <summary>Where the denoising loop spent its time: all of it, and inside UNet session calls.</summary>
public sealed record LoopTimings(TimeSpan Loop, TimeSpan UNet)
{
    /// <summary>Share of loop time spent outside ONNX Runtime (guidance, sampler math, tensor set-up).</summary>
    public double OverheadShare => Loop <= TimeSpan.Zero ? 0 : (Loop - UNet) / Loop;
}
