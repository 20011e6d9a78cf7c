namespace FaceChain.GpuWorker;

/// <summary>What the poison queue keeps about a job set aside: why, how often it was tried, and (a bounded prefix of) the message.</summary>
public sealed record PoisonedJob(string Reason, string MessageId, long DequeueCount, string WorkerId, DateTimeOffset PoisonedUtc, string Message)
{
    /// <summary>Keeps the poison record inside one queue message whatever the original's size.</summary>
    public const int MaxMessageChars = 16 * 1024;
}
