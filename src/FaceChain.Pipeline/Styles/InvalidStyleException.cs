namespace FaceChain.Pipeline.Styles;

/// <summary>A style definition (built-in entry or style.json) breaks <see cref="StyleRules"/>; the message lists every problem.</summary>
public sealed class InvalidStyleException(string where, IReadOnlyList<string> problems)
    : Exception($"{where}: {string.Join("; ", problems)}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
