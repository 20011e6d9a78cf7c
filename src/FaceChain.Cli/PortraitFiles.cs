namespace FaceChain.Cli;

/// <summary>Local copies of a job's outputs: the portraits in index order and result.json.</summary>
public sealed record PortraitFiles(IReadOnlyList<string> Portraits, string Result);
