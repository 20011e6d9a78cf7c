namespace FaceChain.Pipeline.GpuQueue;

/// <summary>Registered names of the GPU-queue orchestrator and activity (see <see cref="PortraitTasks"/>).</summary>
public static class DiffusionTaskNames
{
    public const string GenerateImageOnWorker = "GenerateImageOnWorker";
    public const string SubmitDiffusionJob = "SubmitDiffusionJob";
    public const string StopQueuedImages = "StopQueuedImages";
}
