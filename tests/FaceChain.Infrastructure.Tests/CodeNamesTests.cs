using System.Reflection;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Infrastructure.Tests;

/// <summary>
/// The containers the pipeline code reads and writes (<see cref="BlobLayout"/>) are the ones infra/names.json names and
/// the deployment creates, so a rename on either side fails here rather than in Azure.
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
    public void EveryNamedContainerThatTheCodeAlsoDeclaresHasTheSameValue()
    {
        foreach (var (key, value) in _names.BlobContainers)
        {
            var field = typeof(BlobLayout).GetField(char.ToUpperInvariant(key[0]) + key[1..], BindingFlags.Public | BindingFlags.Static);
            if (field is { IsLiteral: true })
            {
                Assert.Equal(value, (string?)field.GetRawConstantValue());
            }
        }
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
