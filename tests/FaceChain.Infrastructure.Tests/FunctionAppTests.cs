namespace FaceChain.Infrastructure.Tests;

/// <summary>The Functions app: Flex Consumption, HTTPS and TLS 1.2 only, identity-based storage and telemetry.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class FunctionAppTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public void AcceptsOnlyHttpsWithTls12()
    {
        var properties = infrastructure.Defaults.FunctionApp()["properties"]!;

        Assert.True((bool)properties["httpsOnly"]!);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["minTlsVersion"]);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["scmMinTlsVersion"]);
        Assert.Equal("Disabled", (string?)properties["siteConfig"]!["ftpsState"]);
    }

    [Fact]
    public void RunsDotnetIsolatedOnAFlexConsumptionPlan()
    {
        var snapshot = infrastructure.Defaults;
        var plan = snapshot.Single(SnapshotResources.PlanType);
        var app = snapshot.FunctionApp();
        var config = app["properties"]!["functionAppConfig"]!;

        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.Equal(DeploymentSnapshot.Id(plan), (string?)app["properties"]!["serverFarmId"]);
        Assert.Equal("functionapp,linux", (string?)app["kind"]);
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]!["version"]);
        Assert.Equal("api", (string?)app["tags"]!["azd-service-name"]);
    }

    [Fact]
    public void TheDeploymentPackageIsReadWithTheAppsOwnIdentity()
    {
        var snapshot = infrastructure.Defaults;
        var storage = snapshot.Single(SnapshotResources.FunctionAppType)["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;
        var containerName = ((string)storage["value"]!).Split('\'')[^2];

        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Contains(DeploymentSnapshot.Id(snapshot.StorageAccount()), ArmExpression.ReferencedResourceIds((string?)storage["value"]));
        Assert.Contains(containerName, snapshot.LeafNames("Microsoft.Storage/storageAccounts/blobServices/containers"));
        Assert.Equal("UserAssignedIdentity", (string?)storage["authentication"]!["type"]);
        Assert.Equal(snapshot.FunctionIdentity(), (string?)storage["authentication"]!["userAssignedIdentityResourceId"]);
    }

    [Fact]
    public void TheHostReachesBlobsQueuesAndTablesWithItsManagedIdentity()
    {
        var snapshot = infrastructure.Defaults;
        var settings = snapshot.AppSettings();
        var storageId = DeploymentSnapshot.Id(snapshot.StorageAccount());

        Assert.EndsWith(".blob]", settings["AzureWebJobsStorage__blobServiceUri"], StringComparison.Ordinal);
        Assert.EndsWith(".queue]", settings["AzureWebJobsStorage__queueServiceUri"], StringComparison.Ordinal);
        Assert.EndsWith(".table]", settings["AzureWebJobsStorage__tableServiceUri"], StringComparison.Ordinal);
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Assert.Equal([storageId], ArmExpression.ReferencedResourceIds(settings[$"AzureWebJobsStorage__{service}ServiceUri"]));
        }

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal([snapshot.FunctionIdentity()], ArmExpression.ReferencedResourceIds(settings["AzureWebJobsStorage__clientId"]));
        Assert.EndsWith(".clientId]", settings["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        Assert.Equal(settings["AzureWebJobsStorage__clientId"], settings["AZURE_CLIENT_ID"]);
    }

    [Fact]
    public void TelemetryGoesToWorkspaceBasedApplicationInsightsWithEntraAuthentication()
    {
        var snapshot = infrastructure.Defaults;
        var settings = snapshot.AppSettings();
        var insights = snapshot.Single(SnapshotResources.ApplicationInsightsType);
        var workspace = snapshot.Single(SnapshotResources.WorkspaceType);

        Assert.Equal([DeploymentSnapshot.Id(insights)], ArmExpression.ReferencedResourceIds(settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]));
        Assert.EndsWith(".ConnectionString]", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.Equal([snapshot.FunctionIdentity()], ArmExpression.ReferencedResourceIds(settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]));
        Assert.Equal(DeploymentSnapshot.Id(workspace), (string?)insights["properties"]!["WorkspaceResourceId"]);
        Assert.Contains(
            BuiltInRoles.MonitoringMetricsPublisher,
            RoleAssignments.Granted(snapshot, DeploymentSnapshot.Id(insights), snapshot.FunctionIdentity()));
    }
}
