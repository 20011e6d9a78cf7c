using System.Text.Json;
using FaceChain.Hosting;
using FaceChain.Pipeline.Styles;
using FaceChain.Testing;

namespace FaceChain.Cli.Tests;

/// <summary>The CLI keeps off the deployed app's task hub unless told to join it.</summary>
public sealed class TaskHubChoiceTests : IDisposable
{
    private const string Connection = "UseDevelopmentStorage=true";
    private readonly TempFolder _folder = new();

    private static string DeploymentHubFromInfra()
    {
        var root = RepositoryRoot.FindFromApplication() ?? throw new InvalidOperationException("repository root not found");
        using var names = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "infra", "names.json")));
        return names.RootElement.GetProperty("durableTaskHub").GetString()!;
    }

    private PortraitOptions Options(string engine, string? taskHub = null, bool allow = false) => new()
    {
        Photo = SharedAssets.SinglePortraits[0],
        Style = "anime",
        Out = _folder.File("out"),
        Engine = engine,
        Connection = engine == "storage" ? Connection : null,
        TaskHub = taskHub ?? PortraitOptions.DefaultTaskHub,
        AllowDeploymentHub = allow,
    };

    [Fact]
    public void Default_task_hub_is_not_the_deployments()
    {
        Assert.Equal(PortraitOptions.DeploymentTaskHub, DeploymentHubFromInfra());
        var plan = PortraitPlan.From(Options("storage"), StyleCatalog.BuiltIn);
        Assert.NotEqual(DeploymentHubFromInfra(), plan.TaskHubName, StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("FaceChain")]
    [InlineData("facechain")]
    public void Storage_engine_refuses_the_deployment_hub_in_any_case(string taskHub)
    {
        var run = CliInvocation.Run(
            "portrait", "--photo", SharedAssets.SinglePortraits[0], "--style", "anime", "--out", _folder.File("out"),
            "--engine", "storage", "--connection", Connection, "--task-hub", taskHub);

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Equal(
            $"error: --task-hub: '{taskHub}' is the deployed Functions app's task hub; this worker would take its partitions and jobs " +
            "(use another name, or --allow-deployment-hub to do it on purpose)",
            run.Error.Trim());
        Assert.False(Directory.Exists(_folder.File("out")));
    }

    [Fact]
    public void Deployment_hub_is_accepted_when_forced_or_on_a_local_azurite()
    {
        Assert.Equal(PortraitOptions.DeploymentTaskHub,
            PortraitPlan.From(Options("storage", PortraitOptions.DeploymentTaskHub, allow: true), StyleCatalog.BuiltIn).TaskHubName);
        Assert.Equal(PortraitOptions.DeploymentTaskHub,
            PortraitPlan.From(Options("azurite", PortraitOptions.DeploymentTaskHub), StyleCatalog.BuiltIn).TaskHubName);
    }

    public void Dispose() => _folder.Dispose();
}
