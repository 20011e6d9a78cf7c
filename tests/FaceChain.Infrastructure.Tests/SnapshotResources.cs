using System.Text.Json.Nodes;

namespace FaceChain.Infrastructure.Tests;

/// <summary>The resources of a deployment snapshot that the tests talk about, by role.</summary>
internal static class SnapshotResources
{
    public const string StorageAccountType = "Microsoft.Storage/storageAccounts";
    public const string FunctionAppType = "Microsoft.Web/sites";
    public const string PlanType = "Microsoft.Web/serverfarms";
    public const string ContainerAppType = "Microsoft.App/containerApps";
    public const string EnvironmentType = "Microsoft.App/managedEnvironments";
    public const string RegistryType = "Microsoft.ContainerRegistry/registries";
    public const string ApplicationInsightsType = "Microsoft.Insights/components";
    public const string WorkspaceType = "Microsoft.OperationalInsights/workspaces";

    public static JsonObject StorageAccount(this DeploymentSnapshot snapshot) => snapshot.Single(StorageAccountType);

    public static JsonObject FunctionApp(this DeploymentSnapshot snapshot) => snapshot.Single(FunctionAppType);

    public static JsonObject GpuWorker(this DeploymentSnapshot snapshot) => snapshot.Single(ContainerAppType);

    public static JsonObject WorkerContainer(this DeploymentSnapshot snapshot) =>
        Assert.Single(snapshot.GpuWorker()["properties"]!["template"]!["containers"]!.AsArray())!.AsObject();

    /// <summary>The function app's settings by name (a duplicate name fails the test).</summary>
    public static IReadOnlyDictionary<string, string> AppSettings(this DeploymentSnapshot snapshot) =>
        snapshot.FunctionApp()["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(setting => (string)setting!["name"]!, setting => (string)setting!["value"]!);

    /// <summary>The GPU worker container's environment variables by name.</summary>
    public static IReadOnlyDictionary<string, string> WorkerEnvironment(this DeploymentSnapshot snapshot) =>
        snapshot.WorkerContainer()["env"]!.AsArray()
            .ToDictionary(variable => (string)variable!["name"]!, variable => (string)variable!["value"]!);

    public static string FunctionIdentity(this DeploymentSnapshot snapshot) =>
        Assert.Single(DeploymentSnapshot.UserAssignedIdentities(snapshot.FunctionApp()));

    public static string WorkerIdentity(this DeploymentSnapshot snapshot) =>
        Assert.Single(DeploymentSnapshot.UserAssignedIdentities(snapshot.GpuWorker()));

    /// <summary>Names of the child resources of a type, e.g. the blob containers.</summary>
    public static IReadOnlySet<string> LeafNames(this DeploymentSnapshot snapshot, string type) =>
        snapshot.OfType(type).Select(DeploymentSnapshot.LeafName).ToHashSet(StringComparer.Ordinal);
}
