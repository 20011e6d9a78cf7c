namespace FaceChain.Pipeline.Admission;

/// <summary>One submission's place in its host's <see cref="SchedulingLine"/>; disposing it (scheduled, deduplicated or refused) lets the next one go.</summary>
public sealed class SchedulingTurn : IDisposable
{
    private readonly SchedulingLine _line;
    private readonly TaskCompletionSource _left = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal SchedulingTurn(SchedulingLine line) => _line = line;

    internal LinkedListNode<SchedulingTurn>? Node { get; set; }

    internal Task Left => _left.Task;

    /// <summary>Waits until every earlier submission has left the line, or <see cref="SchedulingLine.MaxWait"/> passed.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken = default)
    {
        var ahead = _line.Ahead(this);
        if (ahead.Length == 0)
        {
            return;
        }

        try
        {
            await Task.WhenAll(ahead).WaitAsync(_line.MaxWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            // A slow earlier submission (a large photo upload) does not hold this one any longer.
        }
    }

    public void Dispose()
    {
        _line.Leave(this);
        _left.TrySetResult();
    }
}
