namespace FaceChain.Pipeline.Styles;

/// <summary>A style id that the catalog does not have; the message lists the ids it does have.</summary>
public sealed class UnknownStyleException(string styleId, IEnumerable<string> knownIds)
    : Exception($"unknown style '{styleId}'; known styles: {string.Join(", ", knownIds)}")
{
    public string StyleId { get; } = styleId;
}
