using System.Reflection;
using FaceChain.GpuWorker;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Infrastructure.Tests;

/// <summary>
/// The names the code uses are the ones infra/names.json names and the deployment creates: the containers the pipeline
/// and the worker read and write (<see cref="BlobLayout"/>), the diffusion queues (<see cref="DiffusionQueueNames"/>) and
/// the GPU worker's settings (<see cref="WorkerSettingNames"/>), so a rename on either side fails here rather than in Azure.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class CodeNamesTests(InfrastructureFixture infrastructure)
{
    private readonly NamesFile _names = NamesFile.Load();

    [Fact]
    public void EveryContainerTheCodeUsesIsNamedInNamesJsonUnderTheSameKey()
    {
        var constants = ContainerConstants();

        Assert.Equal(BlobLayout.Containers.Order(StringComparer.Ordinal), constants.Values.Order(StringComparer.Ordinal));
        foreach (var (field, value) in constants)
        {
            var key = char.ToLowerInvariant(field[0]) + field[1..];
            Assert.True(_names.BlobContainers.TryGetValue(key, out var named), $"infra/names.json has no blobContainers.{key} for BlobLayout.{field}");
            Assert.Equal(named, value);
        }
    }

    [Fact]
    public void EveryNamedContainerIsDeclaredByTheCodeWithTheSameValue()
    {
        foreach (var (key, value) in _names.BlobContainers)
        {
            var fieldName = char.ToUpperInvariant(key[0]) + key[1..];
            var field = typeof(BlobLayout).GetField(fieldName, BindingFlags.Public | BindingFlags.Static);
            Assert.True(field is { IsLiteral: true }, $"infra/names.json names blobContainers.{key}, but BlobLayout has no constant {fieldName}");
            Assert.Equal(value, (string?)field.GetRawConstantValue());
            Assert.Contains(value, BlobLayout.Containers);
        }
    }

    [Fact]
    public void TheNamedQueuesAreTheOnesThePipelineAndTheWorkerUse()
    {
        var code = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["diffusionJobs"] = DiffusionQueueNames.Jobs,
            ["diffusionResults"] = DiffusionQueueNames.Results,
        };

        Assert.Equal(code.OrderBy(pair => pair.Key, StringComparer.Ordinal), _names.Queues.OrderBy(pair => pair.Key, StringComparer.Ordinal));
        var rule = Assert.Single(infrastructure.Defaults.GpuWorker()["properties"]!["template"]!["scale"]!["rules"]!.AsArray())!;
        Assert.Equal(DiffusionQueueNames.Jobs, (string?)rule["azureQueue"]!["queueName"]);
    }

    [Fact]
    public void TheWorkerReadsModelSetsFromTheNamedModelsContainerThatTheDeploymentCreates()
    {
        Assert.Equal(BlobLayout.Models, _names.BlobContainers["models"]);
        Assert.Equal(BlobLayout.Models, (string?)infrastructure.Defaults.Outputs["MODELS_CONTAINER_NAME"]);
        Assert.Contains(BlobLayout.Models, infrastructure.Defaults.LeafNames("Microsoft.Storage/storageAccounts/blobServices/containers"));
    }

    [Fact]
    public void TheGpuWorkerIsDeployedWithExactlyTheSettingsItReadsInADeployment()
    {
        var environment = infrastructure.Defaults.WorkerEnvironment();

        Assert.Equal(WorkerSettingNames.Deployed.Order(StringComparer.Ordinal), environment.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(WorkerSettingNames.Deployed.Intersect(WorkerSettingNames.Optional, StringComparer.Ordinal));
        Assert.Equal(WorkerSettingNames.StorageConnection, _names.Settings["storageConnection"]);
        Assert.Equal(WorkerSettingNames.ModelSetName, _names.Settings["modelSetName"]);
        Assert.Equal(WorkerSettingNames.ModelCachePath, _names.Settings["modelCachePath"]);
    }

    [Fact]
    public void EveryDeclaredWorkerSettingIsEitherDeployedOrOptional()
    {
        var declared = typeof(WorkerSettingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(declared, WorkerSettingNames.Deployed.Concat(WorkerSettingNames.Optional).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheDeploymentCreatesEveryContainerTheCodeUses()
    {
        var deployed = infrastructure.Defaults.LeafNames("Microsoft.Storage/storageAccounts/blobServices/containers");

        Assert.Subset(deployed.ToHashSet(StringComparer.Ordinal), BlobLayout.Containers.ToHashSet(StringComparer.Ordinal));
    }

    // The public string constants of BlobLayout that name containers (it also holds content types).
    private static Dictionary<string, string> ContainerConstants() =>
        typeof(BlobLayout).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (field.Name, Value: (string)field.GetRawConstantValue()!))
            .Where(constant => BlobLayout.Containers.Contains(constant.Value))
            .ToDictionary(constant => constant.Name, constant => constant.Value, StringComparer.Ordinal);
}
