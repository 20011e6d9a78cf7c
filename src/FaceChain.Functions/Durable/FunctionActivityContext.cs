using Microsoft.DurableTask;

namespace FaceChain.Functions.Durable;

/// <summary>The activity context the hand-written wrappers give the Pipeline's activity classes (what the [DurableTask] generator would make).</summary>
public sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
