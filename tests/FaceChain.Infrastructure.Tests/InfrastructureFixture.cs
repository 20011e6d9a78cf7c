using System.Text.Json.Nodes;

namespace FaceChain.Infrastructure.Tests;

/// <summary>
/// The Bicep CLI's view of infra/, computed once per test run and only when a test asks for it: every file compiled to
/// ARM JSON, the linter's report, and two deployment snapshots (default parameters with a deploying user; the A100
/// profile without one).
/// </summary>
public sealed class InfrastructureFixture : IDisposable
{
    public const string DeployerPrincipalId = "5a7c1e2d-0000-4000-8000-0000000000d1";

    private readonly string _workFolder = Path.Combine(Path.GetTempPath(), "facechain-infra-tests-" + Guid.NewGuid().ToString("N"));
    private readonly Lazy<BicepRun> _build;
    private readonly Lazy<BicepRun> _lint;
    private readonly Lazy<DeploymentSnapshot> _defaults;
    private readonly Lazy<DeploymentSnapshot> _a100;

    public InfrastructureFixture()
    {
        _build = new(() => BicepCli.Run(RepositoryFiles.Root, "build", "--pattern", "infra/**/*.bicep", "--outdir", CompiledFolder));
        _lint = new(() => BicepCli.Run(RepositoryFiles.Root, "lint", "--pattern", "infra/**/*.bicep"));
        _defaults = new(() => DeploymentSnapshot.Create(
            Path.Combine(_workFolder, "defaults"),
            "defaults",
            new Dictionary<string, string>
            {
                ["environmentName"] = "'ci'",
                ["location"] = $"'{DeploymentSnapshot.Location}'",
                ["principalId"] = $"'{DeployerPrincipalId}'",
            }));
        _a100 = new(() => DeploymentSnapshot.Create(
            Path.Combine(_workFolder, "a100"),
            "a100",
            new Dictionary<string, string>
            {
                ["environmentName"] = "'ci-a100'",
                ["location"] = "'swedencentral'",
                ["gpuProfile"] = "'Consumption-GPU-NC24-A100'",
                ["gpuMaxReplicas"] = "5",
            }));
    }

    /// <summary>Where <see cref="Build"/> writes one ARM JSON file per Bicep file.</summary>
    public string CompiledFolder => Path.Combine(_workFolder, "compiled");

    /// <summary>A new, empty folder for one test's own files, removed with the fixture.</summary>
    public string NewScratchFolder(string purpose)
    {
        var folder = Path.Combine(_workFolder, purpose + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary><c>bicep build</c> of every Bicep file under infra/.</summary>
    public BicepRun Build => _build.Value;

    /// <summary><c>bicep lint</c> of every Bicep file under infra/.</summary>
    public BicepRun Lint => _lint.Value;

    /// <summary>Default parameters, with a deploying user's principal id (as azd passes it).</summary>
    public DeploymentSnapshot Defaults => _defaults.Value;

    /// <summary>The A100 GPU profile, five replicas, no deploying user.</summary>
    public DeploymentSnapshot A100 => _a100.Value;

    /// <summary>The compiled ARM template of main.bicep, with its modules nested in it.</summary>
    public string MainTemplateText
    {
        get
        {
            var run = Build;
            var path = Path.Combine(CompiledFolder, "main.json");
            return run.ExitCode == 0 && File.Exists(path)
                ? File.ReadAllText(path)
                : throw new InvalidOperationException("main.bicep did not compile: " + run.Describe());
        }
    }

    public JsonObject MainTemplate => JsonNode.Parse(MainTemplateText)!.AsObject();

    public void Dispose()
    {
        if (Directory.Exists(_workFolder))
        {
            Directory.Delete(_workFolder, recursive: true);
        }
    }
}
