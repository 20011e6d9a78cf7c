using System.Reflection;

namespace FaceChain.Infrastructure.Tests;

/// <summary>The infrastructure files of the repository these tests were built from.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = BuildMetadata("RepositoryRoot");

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string MainParameters => Path.Combine(Infra, "main.parameters.json");

    public static string Names => Path.Combine(Infra, "names.json");

    public static string BicepConfig => Path.Combine(Root, "bicepconfig.json");

    public static string AzureYaml => Path.Combine(Root, "azure.yaml");

    /// <summary>Every Bicep file under infra/, relative to infra/ with forward slashes, in ordinal order.</summary>
    public static IReadOnlyList<string> BicepFiles =>
        Directory.GetFiles(Infra, "*.bicep", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Infra, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>A value the project file stamped into this assembly at build time.</summary>
    public static string BuildMetadata(string key) =>
        typeof(RepositoryFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new InvalidOperationException($"the test assembly has no '{key}' metadata; see FaceChain.Infrastructure.Tests.csproj");
}
