namespace FaceChain.Pipeline.Templates;

/// <summary>A ControlNet one pass of a redraw used (result.json lists them per step): the set's ControlNet name and its scale.</summary>
public sealed record RedrawControl(RedrawPass Pass, string ControlNet, float Scale);
