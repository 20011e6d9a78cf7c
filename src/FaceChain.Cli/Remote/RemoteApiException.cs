using FaceChain.Pipeline.Contracts;

namespace FaceChain.Cli.Remote;

/// <summary>
/// The deployment answered with an error: <see cref="Errors"/> from its <c>{"errors": [...]}</c> body when it sent one,
/// otherwise a single entry describing the status code.
/// </summary>
public sealed class RemoteApiException(int statusCode, IReadOnlyList<ValidationError> errors)
    : Exception($"HTTP {statusCode}: {string.Join("; ", errors.Select(e => e.Message))}")
{
    public int StatusCode { get; } = statusCode;

    public IReadOnlyList<ValidationError> Errors { get; } = errors;

    /// <summary>400: the request itself is wrong (fix the arguments); anything else is the service or its key.</summary>
    public bool IsBadRequest => StatusCode == 400;
}
