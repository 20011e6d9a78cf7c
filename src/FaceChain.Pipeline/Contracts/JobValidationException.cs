namespace FaceChain.Pipeline.Contracts;

/// <summary>A request was refused at submission; <see cref="Errors"/> lists every problem and nothing was scheduled.</summary>
public sealed class JobValidationException(IReadOnlyList<ValidationError> errors)
    : Exception("The portrait job request is invalid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}
