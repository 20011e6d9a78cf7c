using System.Text;
using System.Text.Json.Nodes;

namespace FaceChain.Infrastructure.Tests;

/// <summary>
/// What Azure Resource Manager would deploy from infra/main.bicep for one set of parameters, as predicted offline by
/// <c>bicep snapshot</c>: modules expanded, parameters, variables and loaded JSON evaluated, and values known only after
/// deployment (principal ids, endpoints) left as <c>[reference('&lt;resource id&gt;', ...)...]</c> expressions.
/// </summary>
public sealed class DeploymentSnapshot
{
    public const string SubscriptionId = "5a7c1e2d-0000-4000-8000-00000000fc01";
    public const string TenantId = "5a7c1e2d-0000-4000-8000-00000000fc02";
    public const string Location = "westus3";

    private DeploymentSnapshot(IReadOnlyList<JsonObject> resources, JsonObject outputs)
    {
        Resources = resources;
        Outputs = outputs;
    }

    public IReadOnlyList<JsonObject> Resources { get; }

    public JsonObject Outputs { get; }

    /// <summary>Runs <c>bicep snapshot</c> on main.bicep with the given parameters (Bicep expressions by name).</summary>
    public static DeploymentSnapshot Create(string workFolder, string name, IReadOnlyDictionary<string, string> parameters)
    {
        Directory.CreateDirectory(workFolder);
        // A parameters file must name its template with a relative path.
        var template = Path.GetRelativePath(workFolder, RepositoryFiles.MainBicep).Replace('\\', '/');
        var text = new StringBuilder().Append("using '").Append(template).Append("'\n");
        foreach (var (parameter, expression) in parameters)
        {
            text.Append("param ").Append(parameter).Append(" = ").Append(expression).Append('\n');
        }

        var parametersFile = Path.Combine(workFolder, name + ".bicepparam");
        File.WriteAllText(parametersFile, text.ToString());
        var run = BicepCli.Run(
            workFolder,
            "snapshot", parametersFile,
            "--mode", "overwrite",
            "--subscription-id", SubscriptionId,
            "--tenant-id", TenantId,
            "--location", Location,
            "--deployment-name", "azd-" + name);
        var snapshotFile = Path.Combine(workFolder, name + ".snapshot.json");
        if (run.ExitCode != 0 || run.Diagnostics.Count > 0 || !File.Exists(snapshotFile))
        {
            throw new InvalidOperationException("bicep snapshot failed: " + run.Describe());
        }

        var snapshot = JsonNode.Parse(File.ReadAllText(snapshotFile))!.AsObject();
        var diagnostics = snapshot["diagnostics"]?.AsArray() ?? [];
        if (diagnostics.Count > 0)
        {
            throw new InvalidOperationException("bicep snapshot reported diagnostics: " + diagnostics.ToJsonString());
        }

        var resources = snapshot["predictedResources"]!.AsArray().Select(resource => resource!.AsObject()).ToArray();
        return new DeploymentSnapshot(resources, snapshot["outputs"]!.AsObject());
    }

    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(resource => string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase)).ToArray();

    public JsonObject Single(string type)
    {
        var matches = OfType(type);
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"expected exactly one {type}, found {matches.Count}");
    }

    /// <summary>The last segment of a child resource's name, e.g. <c>inputs</c> for <c>st…/default/inputs</c>.</summary>
    public static string LeafName(JsonObject resource) => ((string)resource["name"]!).Split('/')[^1];

    public static string Id(JsonObject resource) => (string)resource["id"]!;

    /// <summary>The user-assigned identities a resource runs as (their resource ids).</summary>
    public static IReadOnlyList<string> UserAssignedIdentities(JsonObject resource) =>
        resource["identity"]?["userAssignedIdentities"]?.AsObject().Select(pair => pair.Key).ToArray() ?? [];
}
