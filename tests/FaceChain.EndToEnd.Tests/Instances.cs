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

    /// <summary>The jobs' own instances: per-output sub-orchestrations ("{jobId}:verified-{k}", "{jobId}:image-{k}") left out.</summary>
    public static async Task<IReadOnlyList<string>> JobIdsOf(DurableTaskClient client) =>
        [.. (await IdsOf(client)).Where(id => !id.Contains(':', StringComparison.Ordinal))];
}
