namespace FaceChain.Infrastructure.Tests;

/// <summary>No storage key, storage connection string or admin credential exists anywhere: every client uses Entra ID.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class NoKeysTests(InfrastructureFixture infrastructure)
{
    private static readonly string[] KeyMarkers =
    [
        "listKeys(", "listAccountSas(", "listServiceSas(", "listSecrets(", "listCredentials(",
        "AccountKey=", "DefaultEndpointsProtocol=", "SharedAccessSignature=", "SharedAccessKey=",
    ];

    private static readonly string[] KeyedSettingNames =
    [
        "AzureWebJobsStorage", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "APPINSIGHTS_INSTRUMENTATIONKEY", "AzureWebJobsDashboard",
    ];

    [Fact]
    public void NoCompiledTemplateReadsAKeyOrEmbedsAConnectionString()
    {
        Assert.True(infrastructure.Build.ExitCode == 0, infrastructure.Build.Describe());
        var compiled = Directory.GetFiles(infrastructure.CompiledFolder, "*.json", SearchOption.AllDirectories);
        Assert.Equal(RepositoryFiles.BicepFiles.Count, compiled.Length);
        foreach (var file in compiled)
        {
            var text = File.ReadAllText(file);
            foreach (var marker in KeyMarkers)
            {
                Assert.False(text.Contains(marker, StringComparison.OrdinalIgnoreCase), $"{file} contains '{marker}'");
            }
        }
    }

    [Fact]
    public void NoAppSettingOrWorkerVariableCarriesAKey()
    {
        var snapshot = infrastructure.Defaults;
        foreach (var (name, value) in snapshot.AppSettings().Concat(snapshot.WorkerEnvironment()))
        {
            Assert.DoesNotContain(name, KeyedSettingNames, StringComparer.OrdinalIgnoreCase);
            foreach (var marker in KeyMarkers)
            {
                Assert.False(value.Contains(marker, StringComparison.OrdinalIgnoreCase), $"setting {name} contains '{marker}'");
            }
        }
    }

    [Fact]
    public void StorageRefusesSharedKeysAnonymousReadsAndPlainHttp()
    {
        var properties = infrastructure.Defaults.StorageAccount()["properties"]!;

        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.True((bool)properties["defaultToOAuthAuthentication"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        foreach (var container in infrastructure.Defaults.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"))
        {
            Assert.Equal("None", (string?)container["properties"]!["publicAccess"]);
        }
    }

    [Fact]
    public void TheWorkerHoldsNoSecretsAndTheRegistryHasNoAdminUser()
    {
        var snapshot = infrastructure.Defaults;
        var configuration = snapshot.GpuWorker()["properties"]!["configuration"]!;
        var registry = snapshot.Single(SnapshotResources.RegistryType)["properties"]!;

        Assert.Empty(configuration["secrets"]?.AsArray() ?? []);
        Assert.All(configuration["registries"]!.AsArray(), entry => Assert.Null(entry!["passwordSecretRef"]));
        Assert.False((bool)registry["adminUserEnabled"]!);
        Assert.False((bool)registry["anonymousPullEnabled"]!);
    }

    [Fact]
    public void TheFunctionAppAcceptsNoBasicAuthPublishing()
    {
        var policies = infrastructure.Defaults.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");

        Assert.Equal(["ftp", "scm"], policies.Select(DeploymentSnapshot.LeafName).Order(StringComparer.Ordinal));
        Assert.All(policies, policy => Assert.False((bool)policy["properties"]!["allow"]!));
    }
}
