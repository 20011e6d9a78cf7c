namespace FaceChain.Infrastructure.Tests;

/// <summary>Azure built-in role definition ids (the same in every tenant), written out independently of the Bicep files.</summary>
internal static class BuiltInRoles
{
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageQueueDataMessageProcessor = "8a0f0c08-91a1-4084-bc3d-661d67233fed";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    /// <summary>Roles that can write or read blob data.</summary>
    public static IReadOnlySet<string> BlobData { get; } = new HashSet<string> { StorageBlobDataOwner, StorageBlobDataContributor };

    /// <summary>Roles that can receive and delete queue messages.</summary>
    public static IReadOnlySet<string> QueueProcessing { get; } = new HashSet<string> { StorageQueueDataContributor, StorageQueueDataMessageProcessor };
}
