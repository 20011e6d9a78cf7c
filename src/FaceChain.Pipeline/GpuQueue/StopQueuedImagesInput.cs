namespace FaceChain.Pipeline.GpuQueue;

public sealed record StopQueuedImagesInput(string JobId, string Reason);
