namespace FaceChain.Hosting.Portraits;

/// <summary>The model set a host generates with: its name, folder, and whether it is the generated tiny random set.</summary>
/// <param name="IsGeneratedTinySet">True for the tiny random-weight set: outputs are test images, not portraits.</param>
public sealed record PortraitModelSetDescription(string Name, string Folder, bool IsGeneratedTinySet);
