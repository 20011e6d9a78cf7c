using System.Text.Json;

namespace FaceChain.Functions.Tests;

/// <summary>What an HTTP function answered, as a client sees it.</summary>
public sealed record ApiResponse(int StatusCode, string? ContentType, IReadOnlyDictionary<string, string> Headers, JsonElement Body)
{
    /// <summary>The single error of an error body (asserts there is exactly one).</summary>
    public (string Field, string Code) SingleError()
    {
        var e = Single();
        return (e.GetProperty("field").GetString()!, e.GetProperty("code").GetString()!);
    }

    public string SingleErrorMessage() => Single().GetProperty("message").GetString()!;

    private JsonElement Single()
    {
        var errors = Body.GetProperty("errors");
        Assert.Equal(1, errors.GetArrayLength());
        return errors[0];
    }

    public IReadOnlyList<(string Field, string Code)> Errors() =>
        [.. Body.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString()!, e.GetProperty("code").GetString()!))];
}
