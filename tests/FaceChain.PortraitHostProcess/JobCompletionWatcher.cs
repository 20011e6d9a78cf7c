using System.Diagnostics;
using FaceChain.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.PortraitHostProcess;

/// <summary>
/// Reads job states straight from a task hub, without running a worker there (the engine is built for its client and
/// never started), and notes when each job was first seen finished.
/// </summary>
public sealed class JobCompletionWatcher : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider();
    private readonly AzureStorageDurableEngine _engine;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, (TimeSpan At, OrchestrationRuntimeStatus Status)> _finished = new(StringComparer.Ordinal);

    public JobCompletionWatcher(string connection, string taskHub) =>
        _engine = new AzureStorageDurableEngine(
            new AzureStorageEngineOptions { ConnectionString = connection, TaskHubName = taskHub }, new DurableTaskRegistrations(), _services);

    public DurableTaskClient Client => _engine.Client;

    /// <summary>Time since this watcher was made; <see cref="Finished"/> times are on the same clock.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Jobs seen in a terminal state, with when they were first seen so.</summary>
    public IReadOnlyDictionary<string, (TimeSpan At, OrchestrationRuntimeStatus Status)> Finished => _finished;

    /// <summary>Reads every unfinished job once; returns the states read (finished ones included from earlier polls).</summary>
    public async Task<IReadOnlyDictionary<string, OrchestrationMetadata?>> PollAsync(IEnumerable<string> jobIds, CancellationToken cancellationToken = default)
    {
        var states = new Dictionary<string, OrchestrationMetadata?>(StringComparer.Ordinal);
        foreach (var id in jobIds)
        {
            if (_finished.ContainsKey(id))
            {
                continue;
            }

            var state = await Client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
            states[id] = state;
            if (state is { IsCompleted: true })
            {
                _finished[id] = (Now, state.RuntimeStatus);
            }
        }

        return states;
    }

    /// <summary>Polls until every job is finished; false if <paramref name="limit"/> passed first.</summary>
    public async Task<bool> WaitForAllAsync(IReadOnlyCollection<string> jobIds, TimeSpan limit, TimeSpan interval)
    {
        var deadline = Now + limit;
        while (jobIds.Any(id => !_finished.ContainsKey(id)))
        {
            if (Now > deadline)
            {
                return false;
            }

            await PollAsync(jobIds);
            await Task.Delay(interval);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _services.DisposeAsync();
    }
}
