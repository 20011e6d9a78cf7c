namespace FaceChain.Pipeline.Loras;

/// <summary>
/// A LoRA a job asked for cannot be used: malformed or hostile file, over the size limits, other bytes than its style
/// pins, or nothing in it applies to the model set. The message starts with "the LoRA '{blob}'" and is for the submitter.
/// </summary>
public sealed class InvalidLoraException(string message, Exception? inner = null) : Exception(message, inner);
