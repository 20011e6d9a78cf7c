namespace FaceChain.Pipeline.Loras;

/// <summary>An uploaded LoRA is longer than <see cref="LoraFileCache.MaxFileBytes"/> (its size is known only when it was declared up front).</summary>
public sealed class LoraTooLargeException(long? size, long maxBytes)
    : Exception($"the LoRA is {(size is { } s ? $"{s} bytes" : "larger than the limit")}; the limit is {maxBytes} bytes")
{
    public long? Size { get; } = size;

    public long MaxBytes { get; } = maxBytes;
}
