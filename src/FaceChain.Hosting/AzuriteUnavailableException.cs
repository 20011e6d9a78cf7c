namespace FaceChain.Hosting;

/// <summary>Azurite could not be started: Node.js or the npm package is missing, or it never accepted connections.</summary>
public sealed class AzuriteUnavailableException : Exception
{
    public AzuriteUnavailableException(string message)
        : base(message)
    {
    }

    public AzuriteUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
