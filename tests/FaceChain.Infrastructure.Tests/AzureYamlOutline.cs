namespace FaceChain.Infrastructure.Tests;

/// <summary>
/// The parts of azure.yaml the tests check, read line by line (the file is plain block YAML; no YAML library is needed
/// for service names, their keys and the hook commands).
/// </summary>
internal sealed class AzureYamlOutline
{
    private AzureYamlOutline(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> services, IReadOnlyList<string> hookCommands)
    {
        Services = services;
        HookCommands = hookCommands;
    }

    /// <summary>Service name to its scalar keys (nested keys flattened, e.g. <c>docker.path</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Services { get; }

    /// <summary>The <c>run:</c> values under <c>hooks:</c>.</summary>
    public IReadOnlyList<string> HookCommands { get; }

    public static AzureYamlOutline Load()
    {
        var services = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var hookCommands = new List<string>();
        string? section = null;
        string? service = null;
        string? parent = null;
        foreach (var raw in File.ReadLines(RepositoryFiles.AzureYaml))
        {
            var line = raw.TrimEnd();
            var content = line.TrimStart();
            if (content.Length == 0 || content.StartsWith('#'))
            {
                continue;
            }

            var indent = line.Length - content.Length;
            var colon = content.IndexOf(':', StringComparison.Ordinal);
            var key = colon < 0 ? content : content[..colon];
            var value = colon < 0 ? string.Empty : content[(colon + 1)..].Trim();
            if (indent == 0)
            {
                section = key;
                continue;
            }

            if (section == "services" && indent == 2)
            {
                service = key;
                services[service] = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            else if (section == "services" && service is not null && indent == 4)
            {
                parent = value.Length == 0 ? key : null;
                if (value.Length > 0)
                {
                    services[service][key] = value;
                }
            }
            else if (section == "services" && service is not null && parent is not null && indent == 6)
            {
                services[service][$"{parent}.{key}"] = value;
            }
            else if (section == "hooks" && key == "run")
            {
                hookCommands.Add(value);
            }
        }

        return new AzureYamlOutline(
            services.ToDictionary(pair => pair.Key, pair => (IReadOnlyDictionary<string, string>)pair.Value, StringComparer.Ordinal),
            hookCommands);
    }
}
