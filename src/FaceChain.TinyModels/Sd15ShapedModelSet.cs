namespace FaceChain.TinyModels;

/// <summary>What <see cref="Sd15ShapedModelSetWriter"/> wrote: the manifest and each component's parameter count beside the real model's.</summary>
public sealed record Sd15ShapedModelSet(string Folder, ModelSetManifest Manifest, IReadOnlyList<ComponentParameterCount> Parameters);
