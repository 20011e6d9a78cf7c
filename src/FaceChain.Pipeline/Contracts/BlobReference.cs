namespace FaceChain.Pipeline.Contracts;

/// <summary>A blob by container and name (the name may contain '/' folders). Activities pass these, never image bytes.</summary>
public sealed record BlobReference(string Container, string Name)
{
    public override string ToString() => $"{Container}/{Name}";
}
