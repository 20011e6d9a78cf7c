namespace FaceChain.Infrastructure.Tests;

/// <summary>The system topic that feeds the blob-upload trigger publishes the job storage account's events.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class EventGridTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public void TheSystemTopicPublishesTheStorageAccountsEventsInItsRegion()
    {
        var snapshot = infrastructure.Defaults;
        var storage = snapshot.StorageAccount();
        var topic = snapshot.Single("Microsoft.EventGrid/systemTopics");

        Assert.Equal(DeploymentSnapshot.Id(storage), (string?)topic["properties"]!["source"]);
        Assert.Equal("Microsoft.Storage.StorageAccounts", (string?)topic["properties"]!["topicType"]);
        Assert.Equal((string?)storage["location"], (string?)topic["location"]);
        Assert.Equal(DeploymentSnapshot.LeafName(topic), (string?)snapshot.Outputs["EVENT_GRID_SYSTEM_TOPIC_NAME"]);
    }
}
