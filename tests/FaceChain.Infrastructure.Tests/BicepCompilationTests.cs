using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaceChain.Infrastructure.Tests;

/// <summary>Every Bicep file compiles and lints with zero diagnostics: a warning fails as surely as an error.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class BicepCompilationTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public void EveryBicepFileCompilesWithoutDiagnostics()
    {
        var run = infrastructure.Build;

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.True(run.Diagnostics.Count == 0, run.Describe());
        Assert.True(string.IsNullOrWhiteSpace(run.StandardError), run.Describe());
        foreach (var file in RepositoryFiles.BicepFiles)
        {
            var compiled = Path.Combine(infrastructure.CompiledFolder, Path.ChangeExtension(file, ".json"));
            Assert.True(File.Exists(compiled), $"{file} was not compiled ({compiled} missing)");
            var schema = (string?)JsonNode.Parse(File.ReadAllText(compiled))!["$schema"];
            Assert.EndsWith("eploymentTemplate.json#", schema, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheLinterReportsNothingForAnyFile()
    {
        var run = infrastructure.Lint;

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.True(run.Diagnostics.Count == 0, run.Describe());
        Assert.True(string.IsNullOrWhiteSpace(run.StandardOutput + run.StandardError), run.Describe());
    }

    [Fact]
    public void EveryBicepFileIsAlreadyInTheCliFormat()
    {
        // `bicep format` rewrites files in place, so format a copy and compare.
        var copy = infrastructure.NewScratchFolder("format-check");
        foreach (var file in RepositoryFiles.BicepFiles)
        {
            var target = Path.Combine(copy, "infra", file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(RepositoryFiles.Infra, file), target, overwrite: true);
        }

        File.Copy(RepositoryFiles.BicepConfig, Path.Combine(copy, "bicepconfig.json"), overwrite: true);
        var run = BicepCli.Run(copy, "format", "--pattern", "infra/**/*.bicep");

        Assert.True(run.ExitCode == 0, run.Describe());
        foreach (var file in RepositoryFiles.BicepFiles)
        {
            Assert.True(
                File.ReadAllText(Path.Combine(RepositoryFiles.Infra, file)) == File.ReadAllText(Path.Combine(copy, "infra", file)),
                $"infra/{file} is not formatted: run `bicep format infra/{file}` (the CLI from Directory.Packages.props)");
        }
    }

    [Fact]
    public void TheMainTemplateDeploysAtSubscriptionScopeAndCreatesTheResourceGroup()
    {
        var template = infrastructure.MainTemplate;

        Assert.Equal(
            "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
            (string?)template["$schema"]);
        Assert.Equal("rg-ci", DeploymentSnapshot.LeafName(infrastructure.Defaults.Single("Microsoft.Resources/resourceGroups")));
    }

    [Fact]
    public void EveryParameterOfEveryFileIsDescribed()
    {
        foreach (var file in RepositoryFiles.BicepFiles)
        {
            var compiled = JsonNode.Parse(File.ReadAllText(Path.Combine(infrastructure.CompiledFolder, Path.ChangeExtension(file, ".json"))))!;
            foreach (var (name, parameter) in compiled["parameters"]?.AsObject() ?? [])
            {
                Assert.False(
                    string.IsNullOrWhiteSpace((string?)parameter!["metadata"]?["description"]),
                    $"parameter '{name}' of {file} has no @description");
            }
        }
    }

    [Fact]
    public void TheRepositoryLinterConfigurationTurnsAnUnusedParameterIntoAnError()
    {
        // The same configuration and the same kind of glob, applied to a file with a mistake, must make the CLI complain.
        var folder = infrastructure.NewScratchFolder("lint-probe");
        Directory.CreateDirectory(Path.Combine(folder, "modules"));
        File.Copy(RepositoryFiles.BicepConfig, Path.Combine(folder, "bicepconfig.json"), overwrite: true);
        File.WriteAllText(
            Path.Combine(folder, "modules", "probe.bicep"),
            "@description('Never used.')\nparam unused string = 'x'\n\noutput fixed string = 'y'\n");

        var run = BicepCli.Run(folder, "lint", "--pattern", "**/*.bicep");

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("no-unused-params", diagnostic.Code);
        Assert.Equal("Error", diagnostic.Level);
        Assert.NotEqual(0, run.ExitCode);
    }

    [Fact]
    public void EveryEnabledLinterRuleIsAnError()
    {
        // Rules at warning or info level would not fail `bicep lint` on their own.
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        using var config = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.BicepConfig), options);
        var core = config.RootElement.GetProperty("analyzers").GetProperty("core");

        Assert.True(core.GetProperty("enabled").GetBoolean());
        var rules = core.GetProperty("rules").EnumerateObject().ToArray();
        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            var level = rule.Value.GetProperty("level").GetString();
            Assert.True(level is "error" or "off", $"linter rule {rule.Name} is at level '{level}'");
        }
    }
}
