using FaceChain.Pipeline.Admission;
using Microsoft.DurableTask.Client;

namespace FaceChain.EndToEnd.Tests;

/// <summary>What a task hub holds.</summary>
public static class Instances
{
    public static async Task<IReadOnlyList<string>> IdsOf(DurableTaskClient client)
    {
        var ids = new List<string>();
        await foreach (var instance in client.GetAllInstancesAsync())
        {
            // The admission gate is the task hub's own machinery, not a job.
            if (instance.InstanceId != JobAdmissionPolicy.DefaultGateInstanceId)
            {
                ids.Add(instance.InstanceId);
            }
        }

        return ids;
    }
}
