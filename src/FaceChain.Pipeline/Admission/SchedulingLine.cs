namespace FaceChain.Pipeline.Admission;

/// <summary>
/// Keeps one host's concurrent submissions scheduling their jobs in the order they were submitted. Concurrent
/// submissions finish their blob writes in a scrambled order (measured: 60 submitted at once in one process were
/// scheduled over 2.7 s, often the last submitted first), and a job asks the gate for a slot as soon as it starts:
/// while slots are free the gate can only let in whoever asks first, so without this the first slots of a burst often
/// went to its last jobs. Each submission takes a <see cref="SchedulingTurn"/> on entry and, before scheduling, waits
/// until every earlier submission of this host has scheduled its job or given up, at most <see cref="MaxWait"/>, so a
/// slow one never holds the others up for long.
/// </summary>
public sealed class SchedulingLine(TimeSpan maxWait)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<SchedulingTurn> _pending = new();

    public TimeSpan MaxWait => maxWait;

    /// <summary>A place behind every submission of this host that has not scheduled yet.</summary>
    public SchedulingTurn Enter()
    {
        var turn = new SchedulingTurn(this);
        lock (_lock)
        {
            turn.Node = _pending.AddLast(turn);
        }

        return turn;
    }

    /// <summary>When the submissions ahead of <paramref name="turn"/> have left the line.</summary>
    internal Task[] Ahead(SchedulingTurn turn)
    {
        lock (_lock)
        {
            var ahead = new List<Task>();
            for (var node = turn.Node?.Previous; node is not null; node = node.Previous)
            {
                ahead.Add(node.Value.Left);
            }

            return [.. ahead];
        }
    }

    internal void Leave(SchedulingTurn turn)
    {
        lock (_lock)
        {
            if (turn.Node is { List: not null } node)
            {
                _pending.Remove(node);
            }
        }
    }
}
