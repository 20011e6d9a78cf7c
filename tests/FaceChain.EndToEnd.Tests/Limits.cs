namespace FaceChain.EndToEnd.Tests;

/// <summary>Upper bounds for waits, so a broken engine fails a test instead of hanging the run.</summary>
public static class Limits
{
    public static CancellationToken Job() => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;
}
