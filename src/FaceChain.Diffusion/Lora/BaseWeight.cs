namespace FaceChain.Diffusion.Lora;

/// <summary>An initializer's stored values: exactly one of <see cref="Single"/> (float32) or <see cref="Half"/> (float16) is set.</summary>
public sealed record BaseWeight(float[]? Single, Half[]? Half)
{
    public long Length => Single?.Length ?? Half!.Length;

    public long Bytes => Single is not null ? Single.Length * 4L : Half!.Length * 2L;
}
