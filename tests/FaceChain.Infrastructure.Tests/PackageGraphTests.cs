using System.Text.Json;

namespace FaceChain.Infrastructure.Tests;

/// <summary>
/// The resolved package graph is committed and shipped code depends on released packages only. Read from each project's
/// packages.lock.json, which restore writes (and, in CI, checks in locked mode) with every transitive package.
/// </summary>
public sealed class PackageGraphTests
{
    private static IEnumerable<string> ProjectFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(RepositoryFiles.Root, folder), "*.csproj", SearchOption.AllDirectories)
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Contains("obj"))
            .Order(StringComparer.Ordinal);

    public static TheoryData<string> ShippedProjects() => new(ProjectFiles("src").Select(file => Path.GetRelativePath(RepositoryFiles.Root, file)));

    [Fact]
    public void Every_project_has_a_committed_lock_file()
    {
        var missing = ProjectFiles("src").Concat(ProjectFiles("tests")).Concat(ProjectFiles("bench"))
            .Where(project => !File.Exists(Path.Combine(Path.GetDirectoryName(project)!, "packages.lock.json")))
            .Select(project => Path.GetRelativePath(RepositoryFiles.Root, project))
            .ToArray();

        Assert.True(missing.Length == 0, "no packages.lock.json beside: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(ShippedProjects))]
    public void A_shipped_project_resolves_no_prerelease_package(string project)
    {
        var packages = ResolvedPackages(Path.Combine(RepositoryFiles.Root, Path.GetDirectoryName(project)!, "packages.lock.json"));

        Assert.NotEmpty(packages);
        var prerelease = packages.Where(package => IsPrerelease(package.Version)).Select(package => $"{package.Name} {package.Version}").ToArray();
        Assert.True(prerelease.Length == 0, $"{project} resolves prerelease packages: {string.Join(", ", prerelease)}");
    }

    [Theory]
    [InlineData("1.28.0", false)]
    [InlineData("0.2.3-preview.1", true)]
    [InlineData("2.0.0-rc.2.24473.5", true)]
    [InlineData("10.0.0+build.5", false)]
    public void Prerelease_versions_are_those_with_a_label(string version, bool prerelease) =>
        Assert.Equal(prerelease, IsPrerelease(version));

    [Fact]
    public void The_test_only_in_memory_host_is_seen_as_prerelease_where_tests_use_it()
    {
        // Guards the check itself: the tests' fixture project does resolve the preview host.
        var lockFile = Path.Combine(RepositoryFiles.Root, "tests", "FaceChain.Testing", "packages.lock.json");

        Assert.Contains(ResolvedPackages(lockFile), package => package.Name == "Microsoft.DurableTask.InProcessTestHost" && IsPrerelease(package.Version));
    }

    private static bool IsPrerelease(string version) => version.Split('+')[0].Contains('-', StringComparison.Ordinal);

    private static IReadOnlyList<(string Name, string Version)> ResolvedPackages(string lockFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(lockFile));
        var packages = new List<(string, string)>();
        foreach (var target in document.RootElement.GetProperty("dependencies").EnumerateObject())
        {
            foreach (var package in target.Value.EnumerateObject())
            {
                // Project references have no resolved version; their packages appear in this graph themselves.
                if (package.Value.TryGetProperty("resolved", out var resolved))
                {
                    packages.Add((package.Name, resolved.GetString()!));
                }
            }
        }

        return packages;
    }
}
