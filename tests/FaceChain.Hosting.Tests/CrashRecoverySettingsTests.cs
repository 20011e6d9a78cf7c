using System.Globalization;
using System.Text.Json;
using FaceChain.Hosting.Tests.Samples;
using FaceChain.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace FaceChain.Hosting.Tests;

/// <summary>
/// The visibility and lease settings that bound how long a crashed host keeps its work, and the renewal that lets a
/// long activity outlive a short visibility timeout.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class CrashRecoverySettingsTests(AzuriteFixture azurite)
{
    [Fact]
    public void By_default_a_crashed_hosts_work_is_handed_over_within_thirty_seconds()
    {
        var defaults = new AzureStorageEngineOptions { ConnectionString = "UseDevelopmentStorage=true" };

        Assert.InRange(defaults.CrashHandoverBound, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        Assert.True(defaults.WorkItemQueueVisibilityTimeout <= defaults.CrashHandoverBound);
        Assert.True(defaults.ControlQueueVisibilityTimeout <= defaults.CrashHandoverBound);
        Assert.True(defaults.LeaseInterval < defaults.CrashHandoverBound);
    }

    [Fact]
    public void The_functions_app_hands_a_crashed_instances_messages_over_as_soon_as_the_embedded_engine()
    {
        var root = RepositoryRoot.FindFromApplication() ?? throw new InvalidOperationException("repository root not found");
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "host.json")));
        var provider = host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("storageProvider");
        var defaults = new AzureStorageEngineOptions { ConnectionString = "UseDevelopmentStorage=true" };

        Assert.Equal(defaults.WorkItemQueueVisibilityTimeout, Read(provider, "workItemQueueVisibilityTimeout"));
        Assert.Equal(defaults.ControlQueueVisibilityTimeout, Read(provider, "controlQueueVisibilityTimeout"));

        static TimeSpan Read(JsonElement provider, string name) =>
            TimeSpan.Parse(provider.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void A_work_item_visibility_near_the_renewal_cadence_is_refused()
    {
        using var services = TestEngines.Services(new ExecutionLog());
        var options = new AzureStorageEngineOptions { ConnectionString = "UseDevelopmentStorage=true", WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(5) };

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new AzureStorageDurableEngine(options, SampleTasks.Registrations(), services));
        Assert.Contains(nameof(AzureStorageEngineOptions.WorkItemQueueVisibilityTimeout), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_activity_running_longer_than_the_visibility_timeout_keeps_its_message_and_runs_once()
    {
        var log = new ExecutionLog();
        await using var services = TestEngines.Services(log);
        var options = TestEngines.StorageOptions(azurite, TestEngines.NewTaskHubName()) with
        {
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(10),
        };
        await using var engine = new AzureStorageDurableEngine(options, SampleTasks.Registrations(), services);
        await engine.StartAsync();

        // Step B runs 14 s against a 10 s visibility: without renewal its message reappears and this engine, which has
        // free activity slots, would take it again and run B a second time.
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(SlowStepOrchestrator), 14_000, new StartOrchestrationOptions("renewed-1"));
        var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, TestEngines.Limit());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1, log.Count("renewed-1/B"));
        Assert.Equal(1, log.Count("renewed-1/C"));
    }
}
