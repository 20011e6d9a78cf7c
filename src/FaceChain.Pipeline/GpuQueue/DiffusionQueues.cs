using Azure.Core;
using Azure.Storage.Queues;

namespace FaceChain.Pipeline.GpuQueue;

/// <summary>
/// The three diffusion queues on one storage account. Messages are base64-encoded, the encoding Azure Functions'
/// queue trigger reads by default, so the Functions app can consume <c>diffusion-results</c> directly.
/// </summary>
public sealed class DiffusionQueues(QueueClient jobs, QueueClient results, QueueClient poison)
{
    public QueueClient Jobs { get; } = jobs ?? throw new ArgumentNullException(nameof(jobs));

    public QueueClient Results { get; } = results ?? throw new ArgumentNullException(nameof(results));

    public QueueClient Poison { get; } = poison ?? throw new ArgumentNullException(nameof(poison));

    public static QueueClientOptions ClientOptions() => new() { MessageEncoding = QueueMessageEncoding.Base64 };

    /// <summary>The queues of a connection string's account; <paramref name="prefix"/> lets tests share one account.</summary>
    public static DiffusionQueues FromConnectionString(string connectionString, string prefix = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new(
            new QueueClient(connectionString, prefix + DiffusionQueueNames.Jobs, ClientOptions()),
            new QueueClient(connectionString, prefix + DiffusionQueueNames.Results, ClientOptions()),
            new QueueClient(connectionString, prefix + DiffusionQueueNames.Poison, ClientOptions()));
    }

    /// <summary>The queues of an account reached by identity (e.g. a managed identity in Container Apps).</summary>
    public static DiffusionQueues FromServiceUri(Uri queueServiceUri, TokenCredential credential)
    {
        var service = new QueueServiceClient(queueServiceUri, credential, ClientOptions());
        return new(
            service.GetQueueClient(DiffusionQueueNames.Jobs),
            service.GetQueueClient(DiffusionQueueNames.Results),
            service.GetQueueClient(DiffusionQueueNames.Poison));
    }

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        await Jobs.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Results.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}
