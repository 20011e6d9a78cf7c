using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace FaceChain.GpuWorker;

/// <summary>
/// A dequeued job message while this worker holds it. Every update returns a new pop receipt, so extending, releasing
/// and deleting are serialised here. Losing the message (its visibility ran out and another worker took it) makes
/// later operations no-ops rather than errors.
/// </summary>
public sealed class JobLease(QueueClient queue, QueueMessage message) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string _popReceipt = message.PopReceipt;
    private bool _finished;

    public string MessageId { get; } = message.MessageId;

    public long DequeueCount { get; } = message.DequeueCount;

    public string Text { get; } = message.Body.ToString();

    public DateTimeOffset? InsertedOn { get; } = message.InsertedOn;

    /// <summary>True once deleted, released or lost.</summary>
    public bool IsFinished => Volatile.Read(ref _finished);

    /// <summary>Keeps the message invisible for another <paramref name="visibility"/>.</summary>
    public Task ExtendAsync(TimeSpan visibility, CancellationToken cancellationToken = default) =>
        UpdateAsync(visibility, finish: false, cancellationToken);

    /// <summary>Gives the message back: visible again after <paramref name="delay"/> (zero: at once) for any worker.</summary>
    public Task ReleaseAsync(TimeSpan delay, CancellationToken cancellationToken = default) =>
        UpdateAsync(delay, finish: true, cancellationToken);

    /// <summary>Deletes the message: the job is done (its result reported).</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_finished)
            {
                return;
            }

            await queue.DeleteMessageAsync(MessageId, _popReceipt, cancellationToken);
            Volatile.Write(ref _finished, true);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            Volatile.Write(ref _finished, true);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task UpdateAsync(TimeSpan visibility, bool finish, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_finished)
            {
                return;
            }

            var receipt = await queue.UpdateMessageAsync(MessageId, _popReceipt, visibilityTimeout: visibility, cancellationToken: cancellationToken);
            _popReceipt = receipt.Value.PopReceipt;
            if (finish)
            {
                Volatile.Write(ref _finished, true);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            Volatile.Write(ref _finished, true);
        }
        finally
        {
            _gate.Release();
        }
    }
}
