using FaceChain.Pipeline.Activities;

namespace FaceChain.Pipeline.GpuQueue;

/// <summary>Input of <see cref="QueuedImageOrchestrator"/>: the image to make and how long and how often to try.</summary>
public sealed record QueuedImageInput(GenerateImageInput Image, QueuedGenerationPolicy Policy);
