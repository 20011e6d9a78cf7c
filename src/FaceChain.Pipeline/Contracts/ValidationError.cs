namespace FaceChain.Pipeline.Contracts;

/// <summary>One problem with a request: the JSON field (camelCase path), a code from <see cref="ValidationCodes"/> and a sentence for people.</summary>
public sealed record ValidationError(string Field, string Code, string Message);
