using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace FaceChain.GpuWorker.Tests;

/// <summary>A real queue client whose first <paramref name="failures"/> sends fail as a storage outage would.</summary>
public sealed class FlakyQueueClient(string connectionString, string queueName, int failures)
    : QueueClient(connectionString, queueName, Pipeline.GpuQueue.DiffusionQueues.ClientOptions())
{
    private int _sends;

    public int FailedSends => Math.Min(Volatile.Read(ref _sends), failures);

    public override Task<Response<SendReceipt>> SendMessageAsync(string messageText, CancellationToken cancellationToken = default) =>
        Interlocked.Increment(ref _sends) <= failures
            ? throw new RequestFailedException(503, "simulated storage outage (ServerBusy)")
            : base.SendMessageAsync(messageText, cancellationToken);
}
