using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.GpuQueue;

/// <summary>
/// A template-mode RedrawFace step on the GPU worker: instead of a plain image it redraws face <see cref="FaceIndex"/> of
/// <see cref="Source"/> (crop, mask, blended-latent image-to-image at <see cref="Strength"/>, paste-back) over the job's
/// pinned faces and writes the whole image to the message's output blob. One message is one step.
/// </summary>
public sealed record RedrawJob(BlobReference Source, IReadOnlyList<FaceSummary> PinnedFaces, int FaceIndex, float Strength);
