namespace FaceChain.Functions.Api;

/// <summary>
/// A request field a mode needs: its JSON name and what kind of control fills it — <c>style</c> (a style id),
/// <c>photo</c> (a PhotoSource), <c>faceIndex</c> (a face of the template photo), <c>faceMap</c> (template face → character
/// photo) or <c>loras</c> (uploaded LoRAs with multipliers).
/// </summary>
public sealed record ModeInput(string Field, string Kind, bool Required);
