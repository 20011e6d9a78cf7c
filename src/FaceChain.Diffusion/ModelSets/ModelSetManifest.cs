namespace FaceChain.Diffusion.ModelSets;

/// <summary>The parsed modelset.json (see docs/model-contract.md).</summary>
public sealed record ModelSetManifest(
    string Name,
    string? Description,
    LatentSpec Latent,
    ImageSpec Image,
    SchedulerSpec Scheduler,
    TextSpec Text,
    FaceSpec Face,
    int ImageSizeMultiple,
    IReadOnlyDictionary<string, ComponentSpec> Components)
{
    public const string FileName = "modelset.json";
}
