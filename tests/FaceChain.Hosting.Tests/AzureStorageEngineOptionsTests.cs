using FaceChain.Hosting.Tests.Samples;
using FaceChain.Testing;

namespace FaceChain.Hosting.Tests;

public sealed class AzureStorageEngineOptionsTests
{
    [Theory]
    [InlineData("ab")]
    [InlineData("1hub")]
    [InlineData("hub-with-dash")]
    public void AnInvalidTaskHubNameIsRefusedBeforeAnyStorageCall(string taskHubName)
    {
        using var services = TestEngines.Services(new ExecutionLog());
        var options = new AzureStorageEngineOptions { ConnectionString = "UseDevelopmentStorage=true", TaskHubName = taskHubName };

        var error = Assert.Throws<ArgumentException>(() => new AzureStorageDurableEngine(options, SampleTasks.Registrations(), services));
        Assert.Contains(taskHubName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutOfRangePartitionCountIsRefused()
    {
        using var services = TestEngines.Services(new ExecutionLog());
        var options = new AzureStorageEngineOptions { ConnectionString = "UseDevelopmentStorage=true", PartitionCount = 17 };

        Assert.Throws<ArgumentOutOfRangeException>(() => new AzureStorageDurableEngine(options, SampleTasks.Registrations(), services));
    }

    [Fact]
    public void ALeaseTooShortToRenewIsRefused()
    {
        using var services = TestEngines.Services(new ExecutionLog());
        var options = new AzureStorageEngineOptions { ConnectionString = "UseDevelopmentStorage=true", LeaseInterval = TimeSpan.FromSeconds(2) };

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new AzureStorageDurableEngine(options, SampleTasks.Registrations(), services));
        Assert.Contains(nameof(AzureStorageEngineOptions.LeaseInterval), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheInMemoryEngineHasNoClientBeforeItStarts()
    {
        using var services = TestEngines.Services(new ExecutionLog());
        var engine = new InMemoryDurableEngine(SampleTasks.Registrations(), services);

        Assert.Throws<InvalidOperationException>(() => engine.Client);
    }
}
