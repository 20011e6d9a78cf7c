using FaceChain.Functions.Api;
using FaceChain.Functions.Settings;
using FaceChain.Pipeline.GpuQueue;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace FaceChain.Functions.Durable;

/// <summary>
/// The result relay: each <c>diffusion-results</c> message from the GPU worker is raised as an event on the
/// orchestration waiting for it (<see cref="DiffusionResultRelay"/>). A malformed message is logged and consumed,
/// since redelivering it cannot help; a failure to raise is thrown so the queue redelivers the message.
/// </summary>
public sealed class DiffusionResultRelayFunction(ILogger<DiffusionResultRelay> logger)
{
    [Function(FunctionNames.RelayDiffusionResult)]
    public async Task<DiffusionResultMessage?> RunAsync(
        [QueueTrigger(DiffusionQueueNames.Results, Connection = AppSettingNames.StorageConnection)] string message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        try
        {
            return await new DiffusionResultRelay(client, logger).RelayAsync(message, cancellationToken);
        }
        catch (DiffusionMessageException e)
        {
            logger.LogError(e, "Dropped a malformed diffusion result message");
            return null;
        }
    }
}
