using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Identity;

namespace FaceChain.Pipeline.Activities;

/// <summary>One generated image in the work container, its seed, the model set that made it and where time went.</summary>
public sealed record GeneratedImageSummary(
    int Index,
    ulong Seed,
    BlobReference Image,
    int Width,
    int Height,
    string ModelSetName,
    double ModelCallMs,
    double ActivityMs)
{
    /// <summary>How the image compares to the character (null when it was made without the identity check).</summary>
    public ImageIdentity? Identity { get; init; }

    /// <summary>Time inside the identity encoder and detector for this output's checks (and its fusion), all attempts.</summary>
    public double IdentityModelCallMs { get; init; }

    /// <summary>A template redraw step made on the GPU worker: its stages, ControlNets and stage times (null otherwise).</summary>
    public Templates.RedrawRecord? Redraw { get; init; }
}
