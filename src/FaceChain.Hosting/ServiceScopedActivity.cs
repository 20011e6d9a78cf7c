using DurableTask.Core;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Hosting;

/// <summary>
/// Runs one execution of a registered <see cref="Microsoft.DurableTask.ITaskActivity"/> class on DurableTask.Core:
/// a fresh instance from a service scope, wrapped by the SDK's shim so input, output and failures are converted
/// exactly as in Azure Functions.
/// </summary>
/// <remarks>
/// When the worker stops and gives up waiting, the execution is abandoned with <see cref="SessionAbortedException"/>:
/// DurableTask.Core then makes the activity message visible again at once instead of renewing its lock for as long
/// as the orphaned work keeps this process busy, so the next worker takes the activity over without waiting for a
/// visibility timeout. The orphan's result is discarded; at-least-once delivery already allows the re-run.
/// </remarks>
internal sealed class ServiceScopedActivity(
    DurableTaskRegistration registration,
    IServiceProvider services,
    DurableTaskShimFactory shims,
    ActivityExecutionTracker tracker) : TaskActivity
{
    public override string Run(TaskContext context, string input) =>
        throw new NotSupportedException($"{nameof(ServiceScopedActivity)} runs asynchronously only");

    public override async Task<string> RunAsync(TaskContext context, string input)
    {
        tracker.Enter();
        var scope = services.CreateAsyncScope();
        Task<string>? run = null;
        try
        {
            var activity = (Microsoft.DurableTask.ITaskActivity)ActivatorUtilities.CreateInstance(scope.ServiceProvider, registration.Type);
            run = shims.CreateActivity(registration.Name, activity).RunAsync(context, input);
            var abandoned = tracker.Abandoned;
            if (!run.IsCompleted && abandoned.CanBeCanceled)
            {
                await Task.WhenAny(run, Task.Delay(Timeout.Infinite, abandoned)).ConfigureAwait(false);
            }

            if (!run.IsCompleted)
            {
                throw new SessionAbortedException($"the worker stopped before activity '{registration.Name}' finished; it is released to the next worker");
            }

            return await run.ConfigureAwait(false);
        }
        finally
        {
            tracker.Exit();
            if (run is { IsCompleted: false })
            {
                // The orphan still uses its scope's services: release them only when it ends, and observe its outcome.
                _ = run.ContinueWith(_ => scope.DisposeAsync().AsTask(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            }
            else
            {
                await scope.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
