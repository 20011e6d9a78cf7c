namespace FaceChain.Cli.Tests;

/// <summary>Captures text like a StringWriter and cancels a token the moment <paramref name="trigger"/> has been written: a Ctrl+C at a known point.</summary>
public sealed class CancelOnText(string trigger) : StringWriter
{
    private readonly CancellationTokenSource _cancellation = new();

    public CancellationToken Token => _cancellation.Token;

    public override void Write(char value)
    {
        base.Write(value);
        Check();
    }

    public override void Write(string? value)
    {
        base.Write(value);
        Check();
    }

    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        Check();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cancellation.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Check()
    {
        if (!_cancellation.IsCancellationRequested && ToString().Contains(trigger, StringComparison.Ordinal))
        {
            _cancellation.Cancel();
        }
    }
}
