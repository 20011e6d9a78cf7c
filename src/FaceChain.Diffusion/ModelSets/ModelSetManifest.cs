namespace FaceChain.Diffusion.ModelSets;

/// <summary>
/// The parsed modelset.json (see docs/model-contract.md). <see cref="ControlNets"/> are optional named split ControlNet
/// graphs (e.g. <c>openpose</c>, <c>canny</c>) whose residual outputs feed the UNet's same-named inputs.
/// </summary>
public sealed record ModelSetManifest(
    string Name,
    string? Description,
    LatentSpec Latent,
    ImageSpec Image,
    SchedulerSpec Scheduler,
    TextSpec Text,
    FaceSpec Face,
    int ImageSizeMultiple,
    IReadOnlyDictionary<string, ComponentSpec> Components,
    IReadOnlyDictionary<string, ComponentSpec>? ControlNets = null)
{
    public const string FileName = "modelset.json";
}
