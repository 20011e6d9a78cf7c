using DurableTask.Core;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Hosting;

/// <summary>
/// Runs one execution of a registered <see cref="Microsoft.DurableTask.ITaskActivity"/> class on DurableTask.Core:
/// a fresh instance from a service scope, wrapped by the SDK's shim so input, output and failures are converted
/// exactly as in Azure Functions.
/// </summary>
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
        try
        {
            var scope = services.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var activity = (Microsoft.DurableTask.ITaskActivity)ActivatorUtilities.CreateInstance(scope.ServiceProvider, registration.Type);
                return await shims.CreateActivity(registration.Name, activity).RunAsync(context, input).ConfigureAwait(false);
            }
        }
        finally
        {
            tracker.Exit();
        }
    }
}
