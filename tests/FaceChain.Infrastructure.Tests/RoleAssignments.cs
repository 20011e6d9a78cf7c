using System.Text.Json.Nodes;

namespace FaceChain.Infrastructure.Tests;

/// <summary>The role assignments of a deployment snapshot, resolved to who gets which role where.</summary>
internal static class RoleAssignments
{
    private const string AssignmentsSegment = "/providers/Microsoft.Authorization/roleAssignments/";

    /// <summary>
    /// Role definition ids granted on <paramref name="scopeId"/> to <paramref name="principal"/>: a literal principal id,
    /// or the resource id of a managed identity whose principal id the assignment reads at deployment time.
    /// </summary>
    public static IReadOnlySet<string> Granted(DeploymentSnapshot snapshot, string scopeId, string principal) =>
        All(snapshot)
            .Where(assignment => string.Equals(assignment.Scope, scopeId, StringComparison.OrdinalIgnoreCase))
            .Where(assignment => assignment.Principals.Contains(principal, StringComparer.OrdinalIgnoreCase))
            .Select(assignment => assignment.RoleDefinitionId)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<RoleAssignment> All(DeploymentSnapshot snapshot) =>
        snapshot.OfType("Microsoft.Authorization/roleAssignments").Select(Read).ToArray();

    private static RoleAssignment Read(JsonObject resource)
    {
        var id = DeploymentSnapshot.Id(resource);
        var separator = id.IndexOf(AssignmentsSegment, StringComparison.OrdinalIgnoreCase);
        var scope = separator < 0 ? throw new InvalidOperationException($"unexpected role assignment id {id}") : id[..separator];
        var principalId = (string)resource["properties"]!["principalId"]!;
        var principals = ArmExpression.IsLiteral(principalId) ? [principalId] : ArmExpression.ReferencedResourceIds(principalId);
        var roleDefinitionId = ((string)resource["properties"]!["roleDefinitionId"]!).Split('/')[^1];
        return new RoleAssignment(DeploymentSnapshot.LeafName(resource), scope, principals, roleDefinitionId);
    }
}
