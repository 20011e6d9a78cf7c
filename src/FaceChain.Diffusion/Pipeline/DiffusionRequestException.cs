namespace FaceChain.Diffusion.Pipeline;

/// <summary>A generation request that the model set cannot honour (bad size, steps, guidance, tensor shape).</summary>
public sealed class DiffusionRequestException(string message) : Exception(message);
