using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Pipeline.Engines;

/// <summary>An L2-normalised ID embedding and the aligned crop that the model set's face encoder takes.</summary>
public sealed record FaceIdentification(float[] IdEmbedding, Image<Rgb24> AlignedCrop) : IDisposable
{
    public void Dispose() => AlignedCrop.Dispose();
}
