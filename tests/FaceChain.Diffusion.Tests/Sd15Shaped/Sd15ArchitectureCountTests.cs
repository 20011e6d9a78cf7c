using FaceChain.TinyModels;

namespace FaceChain.Diffusion.Tests.Sd15Shaped;

/// <summary>The independent architecture arithmetic reproduces the published parameter counts of the real models.</summary>
public sealed class Sd15ArchitectureCountTests
{
    [Fact]
    public void RealSizeCountsAreThePublishedOnes()
    {
        Assert.Equal(Sd15ReferenceParameters.UNet, Sd15ArchitectureCount.UNet(1));
        Assert.Equal(Sd15ReferenceParameters.TextEncoder, Sd15ArchitectureCount.ClipText(1));
        Assert.Equal(Sd15ReferenceParameters.VaeDecoder, Sd15ArchitectureCount.VaeDecoder(1));
        Assert.Equal(Sd15ReferenceParameters.VaeEncoder, Sd15ArchitectureCount.VaeEncoder(1));
        Assert.Equal(83_653_863, Sd15ArchitectureCount.VaeDecoder(1) + Sd15ArchitectureCount.VaeEncoder(1));
        Assert.Equal(Sd15ReferenceParameters.ControlNet, Sd15ArchitectureCount.ControlNet(1));
        Assert.Equal(Sd15ReferenceParameters.FaceAdapter, Sd15ArchitectureCount.FaceAdapter(1));
    }
}
