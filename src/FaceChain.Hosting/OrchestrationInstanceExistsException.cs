namespace FaceChain.Hosting;

/// <summary>An orchestration was scheduled with an instance id that the task hub already holds.</summary>
public sealed class OrchestrationInstanceExistsException : InvalidOperationException
{
    public OrchestrationInstanceExistsException(string instanceId, Exception? innerException = null)
        : base($"an orchestration instance with id '{instanceId}' already exists", innerException)
    {
        InstanceId = instanceId;
    }

    public string InstanceId { get; }
}
