using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;

namespace FaceChain.Pipeline.Identity;

/// <summary>
/// Input of <see cref="VerifiedImageOrchestrator"/>: the first attempt of output k, the check to apply, what retry seeds
/// derive from (the job's seed and image count), and the character photo and faces.json for face fusion.
/// <see cref="Queued"/> non-null: images are made on the GPU worker with that policy.
/// </summary>
public sealed record VerifiedImageInput(
    GenerateImageInput Image,
    IdentityCheckPlan Check,
    ulong JobSeed,
    int ImageCount,
    BlobReference CharacterPhoto,
    BlobReference FacesBlob)
{
    public QueuedGenerationPolicy? Queued { get; init; }
}
