using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaceChain.Pipeline.GpuQueue;

/// <summary>
/// Turns a <c>diffusion-results</c> message into <see cref="DurableTaskClient.RaiseEventAsync"/> on the orchestration
/// that waits for it. Host-agnostic: a Functions queue trigger passes the message text to <see cref="RelayAsync"/>;
/// the embedded engine runs <see cref="DiffusionResultRelayLoop"/>. Raising is idempotent from the orchestration's
/// side (a duplicate or late event is ignored there), so redelivery of a result message is safe.
/// </summary>
public sealed class DiffusionResultRelay(DurableTaskClient client, ILogger<DiffusionResultRelay>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<DiffusionResultRelay>.Instance;

    /// <summary>Relays one result message.</summary>
    /// <exception cref="DiffusionMessageException">The message is not a valid result; retrying cannot help.</exception>
    public async Task<DiffusionResultMessage> RelayAsync(string messageText, CancellationToken cancellationToken = default)
    {
        var result = DiffusionMessageCodec.DecodeResult(messageText);
        await client.RaiseEventAsync(result.InstanceId, result.EventName, messageText, cancellationToken);
        _logger.LogInformation("Relayed {Outcome} of {JobKey} (attempt {Attempt}) to {InstanceId}",
            result.Succeeded ? "success" : "failure", result.JobKey, result.Attempt, result.InstanceId);
        return result;
    }
}
