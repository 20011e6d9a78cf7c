using Microsoft.DurableTask;

namespace FaceChain.Pipeline.GpuQueue;

/// <summary>
/// Puts one attempt of one image on <c>diffusion-jobs</c>; returns the queue message id. The message lives until the
/// attempt's deadline (<see cref="DiffusionJobMessage.ExpiresUtc"/>): after it the orchestration has moved on to the next
/// attempt or failed, so the queue drops it instead of handing a GPU work nobody waits for.
/// </summary>
public sealed class SubmitDiffusionJobActivity(DiffusionQueues queues) : TaskActivity<DiffusionJobMessage, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, DiffusionJobMessage input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TimeSpan? timeToLive = input.ExpiresUtc is { } expires ? Max(expires - DateTime.UtcNow, MinTimeToLive) : null;
        var receipt = await queues.Jobs.SendMessageAsync(DiffusionMessageCodec.EncodeJob(input), visibilityTimeout: null, timeToLive);
        return receipt.Value.MessageId;
    }

    // A retried submission can run past its deadline; the message must still live long enough to be seen and dropped.
    private static readonly TimeSpan MinTimeToLive = TimeSpan.FromSeconds(30);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
