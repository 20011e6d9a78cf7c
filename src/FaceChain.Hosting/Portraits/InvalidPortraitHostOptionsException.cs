namespace FaceChain.Hosting.Portraits;

/// <summary><see cref="EmbeddedPortraitHostOptions"/> that cannot work; <see cref="Problems"/> lists every problem found.</summary>
public sealed class InvalidPortraitHostOptionsException : ArgumentException
{
    public InvalidPortraitHostOptionsException(IReadOnlyList<string> problems)
        : base("invalid portrait host options: " + string.Join("; ", problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
