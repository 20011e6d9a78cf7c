namespace FaceChain.Diffusion.Lora;

/// <summary>
/// Bounds a safetensors file must stay within before anything is allocated for it. The defaults fit every SD-1.5
/// LoRA in circulation (rank-128 full-coverage files are ≈ 300 MB) with room to spare.
/// </summary>
public sealed record SafetensorsLimits
{
    /// <summary>JSON header bytes (the reference implementation caps it at 100 MB; LoRA headers are ≈ 100 kB).</summary>
    public long MaxHeaderBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>The whole data section (sum of all tensors).</summary>
    public long MaxTotalBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>One tensor, which is read into one float array.</summary>
    public long MaxTensorBytes { get; init; } = 512L * 1024 * 1024;

    public int MaxTensors { get; init; } = 100_000;

    public int MaxRank { get; init; } = 8;

    public static SafetensorsLimits Default { get; } = new();
}
