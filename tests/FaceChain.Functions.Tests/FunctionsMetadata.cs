using System.Text.Json;

namespace FaceChain.Functions.Tests;

/// <summary>The functions.metadata the Worker SDK generated for the built Functions project: what the Functions host indexes.</summary>
public sealed class FunctionsMetadata
{
    private FunctionsMetadata(IReadOnlyDictionary<string, JsonElement> functions) => Functions = functions;

    public IReadOnlyDictionary<string, JsonElement> Functions { get; }

    public static FunctionsMetadata Load()
    {
        Assert.True(File.Exists(BuildFiles.FunctionsMetadata), $"{BuildFiles.FunctionsMetadata} is missing: build src/FaceChain.Functions first");
        using var document = JsonDocument.Parse(File.ReadAllBytes(BuildFiles.FunctionsMetadata));
        return new FunctionsMetadata(document.RootElement.EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone(), StringComparer.Ordinal));
    }

    /// <summary>The function's trigger binding (the one binding whose type ends in "Trigger").</summary>
    public JsonElement Trigger(string function) =>
        Assert.Single(Functions[function].GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    public IReadOnlyList<string> BindingTypes(string function) =>
        [.. Functions[function].GetProperty("bindings").EnumerateArray().Select(b => b.GetProperty("type").GetString()!)];

    /// <summary>Every HTTP function as (path under the host, lower-case method, function name); a catch-all <c>{*file}</c> is written <c>{file}</c>, as OpenAPI has it.</summary>
    public IReadOnlyList<(string Path, string Method, string Function)> HttpOperations() =>
        [.. Functions.Keys
            .Where(name => Trigger(name).GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(name => Trigger(name).GetProperty("methods").EnumerateArray()
                .Select(m => ($"/{Api.ApiRoutes.Prefix}/{Trigger(name).GetProperty("route").GetString()!.Replace("{*", "{", StringComparison.Ordinal)}", m.GetString()!.ToLowerInvariant(), name)))
            .Order()];
}
