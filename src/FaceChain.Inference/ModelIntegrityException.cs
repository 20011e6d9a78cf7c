namespace FaceChain.Inference;

/// <summary>A model file exists but its size or sha256 differs from the pinned value: never loaded.</summary>
public sealed class ModelIntegrityException(string filePath, string expected, string actual)
    : Exception($"model file '{filePath}' failed verification: expected {expected}, found {actual}")
{
    public string FilePath { get; } = filePath;
    public string Expected { get; } = expected;
    public string Actual { get; } = actual;
}
