namespace FaceChain.Cli;

/// <summary>The portrait command line is unusable; <see cref="Problems"/> holds one sentence per problem, each naming its option.</summary>
public sealed class PortraitArgumentsException(IReadOnlyList<string> problems)
    : Exception("invalid arguments: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
