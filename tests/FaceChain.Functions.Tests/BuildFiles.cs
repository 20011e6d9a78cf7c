using System.Reflection;

namespace FaceChain.Functions.Tests;

/// <summary>Paths this test assembly was built against: the Functions project's output and the repository root.</summary>
internal static class BuildFiles
{
    public static string FunctionsOutput { get; } = Metadata("FunctionsOutput");

    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string FunctionsMetadata => Path.Combine(FunctionsOutput, "functions.metadata");

    public static string Repository(string relative) => Path.Combine(RepositoryRoot, relative);

    private static string Metadata(string key) =>
        typeof(BuildFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"the test assembly has no '{key}' metadata; see FaceChain.Functions.Tests.csproj");
}
