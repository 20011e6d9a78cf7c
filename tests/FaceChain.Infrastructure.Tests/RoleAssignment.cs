namespace FaceChain.Infrastructure.Tests;

/// <summary>One role assignment: its name, the scope it applies to, who receives it (see <see cref="RoleAssignments"/>) and the role.</summary>
internal sealed record RoleAssignment(string Name, string Scope, IReadOnlyList<string> Principals, string RoleDefinitionId);
