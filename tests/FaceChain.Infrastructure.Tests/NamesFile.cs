using System.Text.Json.Nodes;

namespace FaceChain.Infrastructure.Tests;

/// <summary>infra/names.json: the container, queue, task hub, function and setting names shared by Bicep and the code.</summary>
internal sealed class NamesFile
{
    private readonly JsonObject _root;

    private NamesFile(JsonObject root) => _root = root;

    public static NamesFile Load() => new(JsonNode.Parse(File.ReadAllText(RepositoryFiles.Names))!.AsObject());

    public IReadOnlyDictionary<string, string> BlobContainers => Map("blobContainers");

    public IReadOnlyDictionary<string, string> Queues => Map("queues");

    public IReadOnlyDictionary<string, string> Functions => Map("functions");

    public IReadOnlyDictionary<string, string> Settings => Map("settings");

    public string DurableTaskHub => (string)_root["durableTaskHub"]!;

    private Dictionary<string, string> Map(string key) =>
        _root[key]!.AsObject().ToDictionary(pair => pair.Key, pair => (string)pair.Value!, StringComparer.Ordinal);
}
