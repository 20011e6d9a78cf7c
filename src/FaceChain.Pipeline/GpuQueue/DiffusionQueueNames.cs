namespace FaceChain.Pipeline.GpuQueue;

/// <summary>The diffusion queues (infra/names.json <c>queues</c>), plus where the worker sets poison jobs aside.</summary>
public static class DiffusionQueueNames
{
    public const string Jobs = "diffusion-jobs";
    public const string Results = "diffusion-results";
    public const string Poison = "diffusion-jobs-poison";
}
