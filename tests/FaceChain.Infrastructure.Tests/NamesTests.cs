namespace FaceChain.Infrastructure.Tests;

/// <summary>
/// The names the deployment creates are the ones in infra/names.json, the file the Bicep files load. The code side of the
/// comparison (the pipeline's container constants) is checked in <see cref="CodeNamesTests"/>.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class NamesTests(InfrastructureFixture infrastructure)
{
    private const string DeploymentPackagePrefix = "app-package-";

    private readonly NamesFile _names = NamesFile.Load();

    [Fact]
    public void TheDeployedContainersAreTheNamedOnesPlusTheDeploymentPackage()
    {
        var deployed = infrastructure.Defaults.LeafNames("Microsoft.Storage/storageAccounts/blobServices/containers");

        var package = Assert.Single(deployed, name => name.StartsWith(DeploymentPackagePrefix, StringComparison.Ordinal));
        Assert.Equal(_names.BlobContainers.Values.Order(StringComparer.Ordinal), deployed.Where(name => name != package).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheDeployedQueuesAndDurableTablesAreTheNamedOnes()
    {
        var snapshot = infrastructure.Defaults;

        Assert.Equal(
            _names.Queues.Values.Order(StringComparer.Ordinal),
            snapshot.LeafNames("Microsoft.Storage/storageAccounts/queueServices/queues").Order(StringComparer.Ordinal));
        Assert.Equal(
            new[] { _names.DurableTaskHub + "History", _names.DurableTaskHub + "Instances" },
            snapshot.LeafNames("Microsoft.Storage/storageAccounts/tableServices/tables").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheScaleRuleAndTheUploadEventFilterUseTheNamedQueueAndContainer()
    {
        var snapshot = infrastructure.Defaults;
        var rule = Assert.Single(snapshot.GpuWorker()["properties"]!["template"]!["scale"]!["rules"]!.AsArray())!;

        Assert.Equal(_names.Queues["diffusionJobs"], (string?)rule["azureQueue"]!["queueName"]);
        Assert.Equal($"/blobServices/default/containers/{_names.BlobContainers["inputs"]}/", (string?)snapshot.Outputs["BLOB_TRIGGER_SUBJECT_PREFIX"]);
        Assert.Equal(_names.Functions["blobUploadTrigger"], (string?)snapshot.Outputs["BLOB_TRIGGER_FUNCTION_NAME"]);
        Assert.Equal(_names.BlobContainers["models"], (string?)snapshot.Outputs["MODELS_CONTAINER_NAME"]);
    }

    [Fact]
    public void LifecycleRulesOnlyExpireBlobsInNamedContainersAndNeverModels()
    {
        var policy = infrastructure.Defaults.Single("Microsoft.Storage/storageAccounts/managementPolicies");
        var prefixes = policy["properties"]!["policy"]!["rules"]!.AsArray()
            .SelectMany(rule => rule!["definition"]!["filters"]!["prefixMatch"]!.AsArray())
            .Select(prefix => ((string)prefix!).TrimEnd('/'))
            .ToArray();

        Assert.Contains(_names.BlobContainers["work"], prefixes);
        Assert.All(prefixes, prefix => Assert.Contains(prefix, _names.BlobContainers.Values));
        Assert.DoesNotContain(_names.BlobContainers["models"], prefixes);
        Assert.DoesNotContain(_names.BlobContainers["styles"], prefixes);
    }

    [Fact]
    public void BothAppsUseTheNamedSettings()
    {
        var snapshot = infrastructure.Defaults;
        var app = snapshot.AppSettings();
        var worker = snapshot.WorkerEnvironment();
        var connection = _names.Settings["storageConnection"];

        Assert.Equal("AzureWebJobsStorage", connection);
        foreach (var suffix in new[] { "__blobServiceUri", "__queueServiceUri", "__credential", "__clientId" })
        {
            Assert.Contains(connection + suffix, app.Keys);
            Assert.Contains(connection + suffix, worker.Keys);
        }

        Assert.Equal(_names.DurableTaskHub, app[_names.Settings["taskHubName"]]);
        Assert.Equal("sd15-fact", app[_names.Settings["modelSetName"]]);
        Assert.Equal("sd15-fact", worker[_names.Settings["modelSetName"]]);
        Assert.Equal("Queue", app[_names.Settings["diffusionBackend"]]);
        Assert.StartsWith("/", worker[_names.Settings["modelCachePath"]], StringComparison.Ordinal);
    }
}
