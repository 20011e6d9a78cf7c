namespace FaceChain.Diffusion.Lora;

/// <summary>
/// One low-rank update: <see cref="Down"/> is [rank, in·kh·kw] and <see cref="Up"/> is [out, rank] (row-major, PyTorch
/// orientation whatever the ONNX layout), applied as W' = W + multiplier·(alpha/rank)·(up·down).
/// </summary>
public sealed record LoraLayer(LoraTarget Target, int Rank, float Alpha, float[] Down, float[] Up)
{
    public float Scale => Alpha / Rank;
}
