using System.Text.Json;
using DurableTask.Core.History;

namespace FaceChain.Hosting;

/// <summary>Reads the instance ids of the sub-orchestrations an orchestration started from its JSON history.</summary>
internal static class SubOrchestrationHistoryReader
{
    public static IReadOnlyList<string> ChildInstanceIds(string? historyJson)
    {
        if (string.IsNullOrWhiteSpace(historyJson))
        {
            return [];
        }

        using var document = JsonDocument.Parse(historyJson);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var ids = new List<string>();
        foreach (var historyEvent in document.RootElement.EnumerateArray())
        {
            if (historyEvent.ValueKind == JsonValueKind.Object
                && historyEvent.TryGetProperty("EventType", out var type)
                && type.ValueKind == JsonValueKind.Number
                && type.GetInt32() == (int)EventType.SubOrchestrationInstanceCreated
                && historyEvent.TryGetProperty("InstanceId", out var id)
                && id.ValueKind == JsonValueKind.String
                && id.GetString() is { Length: > 0 } instanceId
                && !ids.Contains(instanceId, StringComparer.Ordinal))
            {
                ids.Add(instanceId);
            }
        }

        return ids;
    }
}
