using FaceChain.Diffusion.ModelSets;

namespace FaceChain.Diffusion.Pipeline;

/// <summary>
/// The host arrays one generation's UNet reads and writes, allocated once per generation (one or a batch of images) in
/// the batch layout [cond × n, uncond × n]: the loop writes <see cref="Sample"/> and <see cref="Timestep"/> each step and
/// reads <see cref="Output"/>.
/// </summary>
internal sealed class UNetBuffers
{
    public UNetBuffers(ModelSetManifest manifest, int batch, int latentHeight, int latentWidth)
    {
        Batch = batch;
        Channels = manifest.Latent.Channels;
        LatentHeight = latentHeight;
        LatentWidth = latentWidth;
        TextTokens = manifest.Text.MaxLength;
        TextHidden = manifest.Text.HiddenSize;
        FaceTokens = manifest.Face.TokenCount;
        FaceHidden = manifest.Face.HiddenSize;
        Sample = new float[batch * LatentLength];
        Output = new float[batch * LatentLength];
        Timestep = new float[batch];
        Hidden = new float[batch * TextLength];
        Faces = new float[batch * FaceLength];
    }

    public int Batch { get; }

    public int Channels { get; }

    public int LatentHeight { get; }

    public int LatentWidth { get; }

    public int LatentLength => Channels * LatentHeight * LatentWidth;

    public int TextTokens { get; }

    public int TextHidden { get; }

    public int TextLength => TextTokens * TextHidden;

    public int FaceTokens { get; }

    public int FaceHidden { get; }

    public int FaceLength => FaceTokens * FaceHidden;

    public float[] Sample { get; }

    public float[] Output { get; }

    public float[] Timestep { get; }

    public float[] Hidden { get; }

    public float[] Faces { get; }

    public float[] FaceScale { get; } = new float[1];
}
