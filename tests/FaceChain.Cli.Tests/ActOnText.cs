namespace FaceChain.Cli.Tests;

/// <summary>Captures text like a StringWriter and runs <paramref name="action"/> once, the moment <paramref name="trigger"/> has been written.</summary>
public sealed class ActOnText(string trigger, Action action) : StringWriter
{
    private bool _done;

    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        if (!_done && ToString().Contains(trigger, StringComparison.Ordinal))
        {
            _done = true;
            action();
        }
    }
}
