using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FaceChain.Infrastructure.Tests;

/// <summary>azure.yaml, main.parameters.json and the hooks agree with what main.bicep declares and outputs.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed partial class AzdTests(InfrastructureFixture infrastructure)
{
    private static readonly IReadOnlyDictionary<string, string> ResourceTypeOfHost = new Dictionary<string, string>
    {
        ["function"] = SnapshotResources.FunctionAppType,
        ["containerapp"] = SnapshotResources.ContainerAppType,
    };

    [Fact]
    public void EveryServiceDeploysToTheResourceTaggedWithItsName()
    {
        var snapshot = infrastructure.Defaults;
        var services = AzureYamlOutline.Load().Services;

        Assert.Equal(["api", "gpu-worker"], services.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, keys) in services)
        {
            var tagged = Assert.Single(snapshot.Resources, resource => (string?)resource["tags"]?["azd-service-name"] == name);
            Assert.Equal(ResourceTypeOfHost[keys["host"]], (string?)tagged["type"]);
            Assert.Equal("dotnet", keys["language"]);
            Assert.StartsWith("./src/FaceChain.", keys["project"], StringComparison.Ordinal);
        }

        Assert.Equal("./Dockerfile", services["gpu-worker"]["docker.path"]);
        Assert.Equal("./src/FaceChain.GpuWorker", services["gpu-worker"]["project"]);
        Assert.Equal("./src/FaceChain.Functions", services["api"]["project"]);
    }

    [Fact]
    public void AzdFindsTheRegistryAndTheResourceGroupInTheOutputs()
    {
        var outputs = infrastructure.Defaults.Outputs;

        Assert.Equal("rg-ci", (string?)outputs["AZURE_RESOURCE_GROUP"]);
        Assert.Contains(
            DeploymentSnapshot.Id(infrastructure.Defaults.Single(SnapshotResources.RegistryType)),
            ArmExpression.ReferencedResourceIds((string?)outputs["AZURE_CONTAINER_REGISTRY_ENDPOINT"]));
        Assert.Contains(
            DeploymentSnapshot.Id(infrastructure.Defaults.FunctionApp()),
            ArmExpression.ReferencedResourceIds((string?)outputs["FUNCTION_APP_URL"]));
        Assert.Equal(DeploymentSnapshot.LeafName(infrastructure.Defaults.GpuWorker()), (string?)outputs["GPU_WORKER_APP_NAME"]);
        Assert.Equal(DeploymentSnapshot.LeafName(infrastructure.Defaults.StorageAccount()), (string?)outputs["STORAGE_ACCOUNT_NAME"]);
    }

    [Fact]
    public void TheParametersFileSetsOnlyDeclaredParametersAndEveryRequiredOne()
    {
        var declared = infrastructure.MainTemplate["parameters"]!.AsObject();
        var mapped = JsonNode.Parse(File.ReadAllText(RepositoryFiles.MainParameters))!["parameters"]!.AsObject();

        foreach (var (name, _) in mapped)
        {
            Assert.True(declared.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare");
        }

        foreach (var (name, parameter) in declared)
        {
            Assert.True(parameter!["defaultValue"] is not null || mapped.ContainsKey(name), $"required parameter '{name}' is not mapped in main.parameters.json");
        }
    }

    [Fact]
    public void EveryHookIsAValidShellScriptThatOnlyNeedsTemplateOutputs()
    {
        var commands = AzureYamlOutline.Load().HookCommands;

        Assert.NotEmpty(commands);
        foreach (var command in commands)
        {
            var script = Path.GetFullPath(Path.Combine(RepositoryFiles.Root, command));
            Assert.True(File.Exists(script), $"hook {command} does not exist");
            if (!OperatingSystem.IsWindows())
            {
                Assert.True(File.GetUnixFileMode(script).HasFlag(UnixFileMode.UserExecute), $"hook {command} is not executable");
            }

            var syntax = RunShell("-n", script);
            Assert.True(syntax.ExitCode == 0, $"sh -n {command}: {syntax.Error}");
            var required = RequiredVariable().Matches(File.ReadAllText(script)).Select(match => match.Groups["name"].Value).ToArray();
            Assert.NotEmpty(required);
            foreach (var variable in required)
            {
                Assert.True(infrastructure.Defaults.Outputs.ContainsKey(variable), $"hook {command} needs {variable}, which main.bicep does not output");
            }
        }
    }

    private static (int ExitCode, string Error) RunShell(params string[] arguments)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start sh");
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }

    // `: "${NAME:?...}"` — the hook's declaration that it cannot run without NAME.
    [GeneratedRegex(@"\$\{(?<name>[A-Z][A-Z0-9_]*):\?")]
    private static partial Regex RequiredVariable();
}
