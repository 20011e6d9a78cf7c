namespace FaceChain.Pipeline.Engines;

/// <summary>One ControlNet's input for a generation: the model set's ControlNet name, its control image (PNG bytes) and scale.</summary>
public sealed record ControlImage(string Name, byte[] Png, float Scale);
