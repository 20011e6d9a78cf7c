using Microsoft.DurableTask;

namespace FaceChain.Pipeline.GpuQueue;

/// <summary>Puts one attempt of one image on <c>diffusion-jobs</c>; returns the queue message id.</summary>
public sealed class SubmitDiffusionJobActivity(DiffusionQueues queues) : TaskActivity<DiffusionJobMessage, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, DiffusionJobMessage input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var receipt = await queues.Jobs.SendMessageAsync(DiffusionMessageCodec.EncodeJob(input));
        return receipt.Value.MessageId;
    }
}
