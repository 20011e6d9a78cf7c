using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.GpuQueue;

/// <summary>
/// Input of <see cref="QueuedImageOrchestrator"/>: the image to make and how long and how often to try. With
/// <paramref name="Redraw"/> (template modes) the worker redraws one face of an image into <paramref name="RedrawOutput"/>
/// instead; <see cref="GenerateImageInput.Index"/> then numbers the redraw step within the job.
/// </summary>
public sealed record QueuedImageInput(GenerateImageInput Image, QueuedGenerationPolicy Policy, RedrawJob? Redraw = null, BlobReference? RedrawOutput = null);
