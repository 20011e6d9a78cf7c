namespace FaceChain.Infrastructure.Tests;

/// <summary>Every identity that touches storage holds exactly the data roles it needs, on the account, under stable names.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RoleAssignmentTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public void EveryIdentityAnAppRunsAsCanUseBlobsAndQueuesOnTheAccount()
    {
        var snapshot = infrastructure.Defaults;
        var storageId = DeploymentSnapshot.Id(snapshot.StorageAccount());
        var identities = snapshot.Resources.SelectMany(DeploymentSnapshot.UserAssignedIdentities).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

        Assert.Equal(2, identities.Length);
        foreach (var identity in identities)
        {
            var granted = RoleAssignments.Granted(snapshot, storageId, identity);
            Assert.True(granted.Overlaps(BuiltInRoles.BlobData), $"{identity} has no blob data role on the storage account");
            Assert.True(granted.Overlaps(BuiltInRoles.QueueProcessing), $"{identity} has no queue data role on the storage account");
        }
    }

    [Fact]
    public void TheFunctionIdentityOwnsBlobsAndUsesQueuesAndTablesForTheHostAndDurable()
    {
        var snapshot = infrastructure.Defaults;

        var granted = RoleAssignments.Granted(snapshot, DeploymentSnapshot.Id(snapshot.StorageAccount()), snapshot.FunctionIdentity());

        Assert.Equal(
            new HashSet<string> { BuiltInRoles.StorageBlobDataOwner, BuiltInRoles.StorageQueueDataContributor, BuiltInRoles.StorageTableDataContributor },
            granted);
    }

    [Fact]
    public void TheWorkerIdentityGetsBlobAndQueueDataRolesAndNoTables()
    {
        var snapshot = infrastructure.Defaults;

        var granted = RoleAssignments.Granted(snapshot, DeploymentSnapshot.Id(snapshot.StorageAccount()), snapshot.WorkerIdentity());

        Assert.Equal(new HashSet<string> { BuiltInRoles.StorageBlobDataContributor, BuiltInRoles.StorageQueueDataContributor }, granted);
    }

    [Fact]
    public void OnlyTheWorkerMayPullFromTheRegistry()
    {
        var snapshot = infrastructure.Defaults;
        var registryId = DeploymentSnapshot.Id(snapshot.Single(SnapshotResources.RegistryType));

        var onRegistry = RoleAssignments.All(snapshot).Where(assignment => assignment.Scope == registryId).ToArray();

        var pull = Assert.Single(onRegistry);
        Assert.Equal(BuiltInRoles.AcrPull, pull.RoleDefinitionId);
        Assert.Equal([snapshot.WorkerIdentity()], pull.Principals);
    }

    [Fact]
    public void TheDeployingUserCanUploadModelSetsOnlyWhenAzdNamesThem()
    {
        var withUser = infrastructure.Defaults;
        var withoutUser = infrastructure.A100;

        Assert.Equal(
            new HashSet<string> { BuiltInRoles.StorageBlobDataContributor },
            RoleAssignments.Granted(withUser, DeploymentSnapshot.Id(withUser.StorageAccount()), InfrastructureFixture.DeployerPrincipalId));
        Assert.DoesNotContain(
            RoleAssignments.All(withoutUser),
            assignment => assignment.Principals.Any(principal => Guid.TryParse(principal, out _)));
    }

    [Fact]
    public void AssignmentNamesAreDeterministicGuidsKnownBeforeDeployment()
    {
        foreach (var snapshot in new[] { infrastructure.Defaults, infrastructure.A100 })
        {
            var names = RoleAssignments.All(snapshot).Select(assignment => assignment.Name).ToArray();

            Assert.NotEmpty(names);
            Assert.All(names, name => Assert.True(Guid.TryParse(name, out _), $"role assignment name '{name}' is not a GUID known before deployment"));
            Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }
    }
}
