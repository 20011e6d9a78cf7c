using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaceChain.Pipeline.GpuQueue;

/// <summary>
/// Polls <c>diffusion-results</c> and relays each message (<see cref="DiffusionResultRelay"/>), for hosts without a
/// queue trigger (the embedded engine, tests). A message is deleted once relayed; one that cannot be relayed becomes
/// visible again and is retried, and is dropped (logged) after <see cref="MaxDequeueCount"/> tries or when malformed.
/// </summary>
public sealed class DiffusionResultRelayLoop : IAsyncDisposable
{
    public const int MaxDequeueCount = 5;
    private const int BatchSize = 32;

    private readonly DiffusionQueues _queues;
    private readonly DiffusionResultRelay _relay;
    private readonly TimeSpan _idlePollInterval;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _relayed;

    public DiffusionResultRelayLoop(DiffusionQueues queues, DiffusionResultRelay relay, TimeSpan? idlePollInterval = null,
        ILogger<DiffusionResultRelayLoop>? logger = null)
    {
        _queues = queues ?? throw new ArgumentNullException(nameof(queues));
        _relay = relay ?? throw new ArgumentNullException(nameof(relay));
        _idlePollInterval = idlePollInterval ?? TimeSpan.FromMilliseconds(200);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_idlePollInterval, TimeSpan.Zero, nameof(idlePollInterval));
        _logger = logger ?? NullLogger<DiffusionResultRelayLoop>.Instance;
    }

    /// <summary>Results relayed since start.</summary>
    public int Relayed => Volatile.Read(ref _relayed);

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_loop is not null)
        {
            return;
        }

        await _queues.Results.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    public async Task StopAsync()
    {
        if (_loop is not { } loop)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _loop = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    /// <summary>Relays what is in the queue now; returns how many messages were handled.</summary>
    public async Task<int> PumpOnceAsync(CancellationToken cancellationToken = default)
    {
        var messages = (await _queues.Results.ReceiveMessagesAsync(BatchSize, cancellationToken: cancellationToken)).Value;
        foreach (var message in messages)
        {
            var text = message.Body.ToString();
            try
            {
                await _relay.RelayAsync(text, cancellationToken);
                Interlocked.Increment(ref _relayed);
            }
            catch (DiffusionMessageException e)
            {
                _logger.LogError(e, "Dropping malformed diffusion result {MessageId}", message.MessageId);
            }
            catch (Exception e) when (e is not OperationCanceledException && message.DequeueCount < MaxDequeueCount)
            {
                _logger.LogWarning(e, "Relaying diffusion result {MessageId} failed (try {Try}); it will be retried", message.MessageId, message.DequeueCount);
                continue;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError(e, "Dropping diffusion result {MessageId} after {Tries} tries", message.MessageId, message.DequeueCount);
            }

            try
            {
                await _queues.Results.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Its visibility ran out and another relay took it; that one will delete it.
            }
        }

        return messages.Length;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            int handled;
            try
            {
                handled = await PumpOnceAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "Polling diffusion results failed; retrying");
                handled = 0;
            }

            if (handled == 0)
            {
                await Task.Delay(_idlePollInterval, cancellationToken);
            }
        }
    }
}
