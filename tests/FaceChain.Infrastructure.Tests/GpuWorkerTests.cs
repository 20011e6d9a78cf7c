namespace FaceChain.Infrastructure.Tests;

/// <summary>The GPU worker: serverless GPU profile, zero replicas at idle, queue-driven scaling with its managed identity.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class GpuWorkerTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public void ScalesFromZeroOnTheDiffusionJobsQueueWithItsManagedIdentity()
    {
        var snapshot = infrastructure.Defaults;
        var scale = snapshot.GpuWorker()["properties"]!["template"]!["scale"]!;
        var rule = Assert.Single(scale["rules"]!.AsArray())!;
        var queue = rule["azureQueue"]!;

        Assert.Equal(0, (int)scale["minReplicas"]!);
        Assert.Equal(2, (int)scale["maxReplicas"]!);
        Assert.Equal("diffusion-jobs", (string?)queue["queueName"]);
        Assert.Equal(DeploymentSnapshot.LeafName(snapshot.StorageAccount()), (string?)queue["accountName"]);
        Assert.Equal(snapshot.WorkerIdentity(), (string?)queue["identity"]);
        Assert.Null(queue["auth"]);
        Assert.Equal(4, (int)queue["queueLength"]!);
    }

    [Fact]
    public void TheMaximumReplicaCountFollowsItsParameterAndTheMinimumStaysZero()
    {
        var scale = infrastructure.A100.GpuWorker()["properties"]!["template"]!["scale"]!;

        Assert.Equal(0, (int)scale["minReplicas"]!);
        Assert.Equal(5, (int)scale["maxReplicas"]!);
    }

    [Theory]
    [InlineData(false, "Consumption-GPU-NC8as-T4", 8, "56Gi")]
    [InlineData(true, "Consumption-GPU-NC24-A100", 24, "220Gi")]
    public void RunsOnTheServerlessGpuProfileTheParameterChooses(bool a100, string profileType, int cpu, string memory)
    {
        var snapshot = a100 ? infrastructure.A100 : infrastructure.Defaults;
        var app = snapshot.GpuWorker();
        var environment = snapshot.Single(SnapshotResources.EnvironmentType);
        var profileName = (string)app["properties"]!["workloadProfileName"]!;
        var profile = Assert.Single(
            environment["properties"]!["workloadProfiles"]!.AsArray(),
            candidate => (string?)candidate!["name"] == profileName)!;
        var resources = snapshot.WorkerContainer()["resources"]!;

        Assert.Equal(profileType, (string?)profile["workloadProfileType"]);
        Assert.Equal(DeploymentSnapshot.Id(environment), (string?)app["properties"]!["environmentId"]);
        Assert.Equal(cpu, (int)resources["cpu"]!);
        Assert.Equal(memory, (string?)resources["memory"]);
    }

    [Fact]
    public void TheGpuProfileParameterOffersExactlyTheServerlessT4AndA100Profiles()
    {
        var parameter = infrastructure.MainTemplate["parameters"]!["gpuProfile"]!;

        Assert.Equal(
            ["Consumption-GPU-NC24-A100", "Consumption-GPU-NC8as-T4"],
            parameter["allowedValues"]!.AsArray().Select(value => (string)value!).Order(StringComparer.Ordinal));
        Assert.Equal("Consumption-GPU-NC8as-T4", (string?)parameter["defaultValue"]);
    }

    [Fact]
    public void ReportsReadyThroughHealthReadyAndCachesModelsOnAMountedVolume()
    {
        var snapshot = infrastructure.Defaults;
        var container = snapshot.WorkerContainer();
        var probes = container["probes"]!.AsArray().Select(probe => probe!.AsObject()).ToArray();
        var mount = Assert.Single(container["volumeMounts"]!.AsArray())!;
        var volume = Assert.Single(snapshot.GpuWorker()["properties"]!["template"]!["volumes"]!.AsArray())!;

        foreach (var type in new[] { "Startup", "Readiness" })
        {
            var probe = Assert.Single(probes, probe => (string?)probe["type"] == type);
            Assert.Equal("/health/ready", (string?)probe["httpGet"]!["path"]);
            Assert.Equal(snapshot.WorkerEnvironment()["ASPNETCORE_HTTP_PORTS"], ((int)probe["httpGet"]!["port"]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal((string?)volume["name"], (string?)mount["volumeName"]);
        Assert.Contains((string?)volume["storageType"], new[] { "EmptyDir", "AzureFile" });
        Assert.Equal((string?)mount["mountPath"], snapshot.WorkerEnvironment()["FaceChain__ModelCachePath"]);
    }

    [Fact]
    public void RestartsACrashedWorkerThroughALivenessProbeOnHealthzNotOnTheReadinessPath()
    {
        var snapshot = infrastructure.Defaults;
        var probes = snapshot.WorkerContainer()["probes"]!.AsArray().Select(probe => probe!.AsObject()).ToArray();

        var liveness = Assert.Single(probes, probe => (string?)probe["type"] == "Liveness");

        // /health/ready fails while the model set downloads; as a liveness path it would restart replicas that are fine.
        Assert.Equal("/healthz", (string?)liveness["httpGet"]!["path"]);
        Assert.Equal(snapshot.WorkerEnvironment()["ASPNETCORE_HTTP_PORTS"], ((int)liveness["httpGet"]!["port"]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange((int)liveness["periodSeconds"]! * (int)liveness["failureThreshold"]!, 30, 300);
        Assert.Equal(["Liveness", "Readiness", "Startup"], probes.Select(probe => (string)probe["type"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PullsItsImageAndReachesStorageWithItsOwnIdentity()
    {
        var snapshot = infrastructure.Defaults;
        var registry = snapshot.Single(SnapshotResources.RegistryType);
        var pull = Assert.Single(snapshot.GpuWorker()["properties"]!["configuration"]!["registries"]!.AsArray())!;
        var environment = snapshot.WorkerEnvironment();
        var storageId = DeploymentSnapshot.Id(snapshot.StorageAccount());

        Assert.Equal([DeploymentSnapshot.Id(registry)], ArmExpression.ReferencedResourceIds((string?)pull["server"]));
        Assert.Equal(snapshot.WorkerIdentity(), (string?)pull["identity"]);
        Assert.Contains(BuiltInRoles.AcrPull, RoleAssignments.Granted(snapshot, DeploymentSnapshot.Id(registry), snapshot.WorkerIdentity()));
        Assert.NotEqual(snapshot.FunctionIdentity(), snapshot.WorkerIdentity());
        Assert.Equal([storageId], ArmExpression.ReferencedResourceIds(environment["AzureWebJobsStorage__blobServiceUri"]));
        Assert.Equal([storageId], ArmExpression.ReferencedResourceIds(environment["AzureWebJobsStorage__queueServiceUri"]));
        Assert.Equal("managedidentity", environment["AzureWebJobsStorage__credential"]);
        Assert.Equal([snapshot.WorkerIdentity()], ArmExpression.ReferencedResourceIds(environment["AzureWebJobsStorage__clientId"]));
        Assert.Equal("gpu-worker", (string?)snapshot.GpuWorker()["tags"]!["azd-service-name"]);
    }

    [Fact]
    public void LogsAndTelemetryReachTheSharedWorkspaceWithoutAWorkspaceKey()
    {
        var snapshot = infrastructure.Defaults;
        var environment = snapshot.Single(SnapshotResources.EnvironmentType);
        var workspace = snapshot.Single(SnapshotResources.WorkspaceType);
        var diagnostics = Assert.Single(
            snapshot.OfType("Microsoft.Insights/diagnosticSettings"),
            setting => DeploymentSnapshot.Id(setting).StartsWith(DeploymentSnapshot.Id(environment) + "/", StringComparison.OrdinalIgnoreCase));
        var categories = diagnostics["properties"]!["logs"]!.AsArray().Select(log => (string?)log!["category"]);

        Assert.Equal("azure-monitor", (string?)environment["properties"]!["appLogsConfiguration"]!["destination"]);
        Assert.Null(environment["properties"]!["appLogsConfiguration"]!["logAnalyticsConfiguration"]);
        Assert.Equal(DeploymentSnapshot.Id(workspace), (string?)diagnostics["properties"]!["workspaceId"]);
        Assert.Contains("ContainerAppConsoleLogs", categories);
    }

    [Fact]
    public void SendsTelemetryToApplicationInsightsWithEntraAuthenticationAsItsOwnIdentity()
    {
        var snapshot = infrastructure.Defaults;
        var insights = DeploymentSnapshot.Id(snapshot.Single(SnapshotResources.ApplicationInsightsType));
        var connectionString = snapshot.WorkerEnvironment()[GpuWorker.WorkerSettingNames.ApplicationInsightsConnectionString];

        Assert.Equal([insights], ArmExpression.ReferencedResourceIds(connectionString));
        Assert.EndsWith(".ConnectionString]", connectionString, StringComparison.Ordinal);
        // The exporter authenticates with the identity the worker reaches storage with (AzureWebJobsStorage__clientId).
        Assert.Equal([BuiltInRoles.MonitoringMetricsPublisher], RoleAssignments.Granted(snapshot, insights, snapshot.WorkerIdentity()));
    }

    [Fact]
    public void HasNoIngressBecauseItOnlyConsumesQueues()
    {
        var configuration = infrastructure.Defaults.GpuWorker()["properties"]!["configuration"]!.AsObject();

        Assert.False(configuration.ContainsKey("ingress"));
    }
}
