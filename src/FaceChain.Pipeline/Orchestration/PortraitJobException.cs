using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Pipeline.Loras;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using FaceChain.Vision;

namespace FaceChain.Pipeline.Orchestration;

/// <summary>
/// A permanent failure raised by an activity: retrying cannot help (no face, unusable photo, unknown style,
/// bad model set). Its <see cref="Exception.Message"/> is written for the person who submitted the job.
/// <see cref="PortraitRetryPolicy"/> recognises it by type name and does not retry.
/// </summary>
public sealed class PortraitJobException(JobFailureCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    public JobFailureCode Code { get; } = code;

    /// <summary>The permanent failure <paramref name="error"/> stands for, or null when it may be transient.</summary>
    public static PortraitJobException? FromInputProblem(Exception error, string photoName = "the character photo") => error switch
    {
        PortraitJobException already => already,
        NoFaceFoundException e when e.SmallFacesFound > 0 => new(JobFailureCode.NoFaceFound,
            $"no face found in {photoName}: {e.SmallFacesFound} face(s) were detected but all are too small (use a closer photo)", e),
        NoFaceFoundException e => new(JobFailureCode.NoFaceFound, $"no face found in {photoName}", e),
        InvalidImageException e => new(JobFailureCode.InvalidPhoto, $"{photoName} is not a usable image: {e.Message}", e),
        BlobNotFoundException e => new(JobFailureCode.InputMissing, $"the input '{e.Blob}' was not found", e),
        BlobTooLargeException e => new(JobFailureCode.InvalidPhoto, $"the input '{e.Blob}' is too large ({e.Size} bytes)", e),
        UnknownStyleException e => new(JobFailureCode.UnknownStyle, e.Message, e),
        InvalidStyleException e => new(JobFailureCode.InvalidStyle, $"the style definition {e.Message}", e),
        InvalidLoraException e => new(JobFailureCode.InvalidLora, e.Message, e),
        ModelSetException e => new(JobFailureCode.BadModelSet, $"the model set cannot be used: {e.Message}", e),
        DiffusionRequestException e => new(JobFailureCode.BadGenerationRequest, $"the model set cannot make this image: {e.Message}", e),
        _ => null,
    };
}
