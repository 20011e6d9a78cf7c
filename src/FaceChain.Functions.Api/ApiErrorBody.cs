using FaceChain.Pipeline.Contracts;

namespace FaceChain.Functions.Api;

/// <summary>
/// Every error response: <c>{ "errors": [ { "field", "code", "message" } ] }</c>, one <see cref="ValidationError"/> per
/// problem (field is the camelCase JSON path, "" for the whole request; code is from <see cref="ValidationCodes"/> or
/// <see cref="ApiErrorCodes"/>).
/// </summary>
public sealed record ApiErrorBody(IReadOnlyList<ValidationError> Errors);
