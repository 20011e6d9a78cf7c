namespace FaceChain.TinyModels;

/// <summary><see cref="ValueRange"/> is "minusOneToOne" or "zeroToOne".</summary>
public sealed record ImageSettings(string ValueRange)
{
    public const string MinusOneToOne = "minusOneToOne";
    public const string ZeroToOne = "zeroToOne";
}
