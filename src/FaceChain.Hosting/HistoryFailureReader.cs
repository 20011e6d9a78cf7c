using System.Text.Json;
using Microsoft.DurableTask;

namespace FaceChain.Hosting;

/// <summary>
/// Reads an orchestration's failure details from its history. The Azure Storage backend keeps only
/// "type: message" text in the instance table; the structured details (with inner failures) live in the
/// ExecutionCompleted history event.
/// </summary>
internal static class HistoryFailureReader
{
    private const int ExecutionCompletedEventType = 1;
    private const int MaxDepth = 16;

    /// <summary>The failure of the last ExecutionCompleted event in a JSON history, or null when there is none.</summary>
    public static TaskFailureDetails? Read(string? historyJson)
    {
        if (string.IsNullOrWhiteSpace(historyJson))
        {
            return null;
        }

        using var document = JsonDocument.Parse(historyJson);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        TaskFailureDetails? failure = null;
        foreach (var historyEvent in document.RootElement.EnumerateArray())
        {
            if (historyEvent.ValueKind == JsonValueKind.Object
                && historyEvent.TryGetProperty("EventType", out var type)
                && type.ValueKind == JsonValueKind.Number
                && type.GetInt32() == ExecutionCompletedEventType
                && historyEvent.TryGetProperty("FailureDetails", out var details))
            {
                failure = ToDetails(details, 0) ?? failure;
            }
        }

        return failure;
    }

    private static TaskFailureDetails? ToDetails(JsonElement element, int depth)
    {
        if (element.ValueKind != JsonValueKind.Object || depth > MaxDepth)
        {
            return null;
        }

        return new TaskFailureDetails(
            Text(element, "ErrorType") ?? "(unknown)",
            Text(element, "ErrorMessage") ?? string.Empty,
            Text(element, "StackTrace"),
            element.TryGetProperty("InnerFailure", out var inner) ? ToDetails(inner, depth + 1) : null,
            null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
