using FaceChain.Hosting.Portraits;
using FaceChain.Pipeline;
using FaceChain.Testing;

namespace FaceChain.EndToEnd.Tests;

public sealed class PortraitHostOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_choose_the_azurite_backend()
    {
        var options = new EmbeddedPortraitHostOptions();

        Assert.Empty(options.Problems());
        Assert.Equal(PortraitBackend.Azurite, options.Backend);
    }

    [Fact]
    public void The_in_memory_backend_needs_an_engine_supplied_by_the_caller()
    {
        var options = new EmbeddedPortraitHostOptions { Backend = PortraitBackend.InMemory };

        Assert.Contains("InMemory needs an InMemoryEngine", Assert.Single(options.Problems()), StringComparison.Ordinal);
        Assert.Empty(new EmbeddedPortraitHostOptions().WithInMemoryEngine().Problems());
    }

    [Fact]
    public void An_in_memory_engine_is_refused_on_a_storage_backend()
    {
        var options = new EmbeddedPortraitHostOptions().WithInMemoryEngine() with { Backend = PortraitBackend.Azurite };

        Assert.Contains("InMemoryEngine is only used with InMemory", Assert.Single(options.Problems()), StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_storage_needs_a_connection_string()
    {
        var options = new EmbeddedPortraitHostOptions { Backend = PortraitBackend.AzureStorage, StorageConnectionString = "  " };

        var problem = Assert.Single(options.Problems());
        Assert.Contains("needs a StorageConnectionString", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PortraitBackend.InMemory)]
    [InlineData(PortraitBackend.Azurite)]
    public void A_connection_string_is_refused_where_the_host_chooses_the_storage(PortraitBackend backend)
    {
        var options = new EmbeddedPortraitHostOptions().WithInMemoryEngine() with
        {
            Backend = backend,
            StorageConnectionString = "UseDevelopmentStorage=true",
            InMemoryEngine = backend == PortraitBackend.InMemory ? new EmbeddedPortraitHostOptions().WithInMemoryEngine().InMemoryEngine : null,
        };

        Assert.Contains("only used with AzureStorage", Assert.Single(options.Problems()), StringComparison.Ordinal);
    }

    [Fact]
    public void The_pipeline_may_not_name_its_own_storage()
    {
        var options = new EmbeddedPortraitHostOptions { Pipeline = new FaceChainPipelineOptions { StorageConnectionString = "UseDevelopmentStorage=true" } };

        Assert.Contains("Pipeline.StorageConnectionString must be null", Assert.Single(options.Problems()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1hub")]
    [InlineData("task-hub")]
    [InlineData("")]
    public void Task_hub_names_follow_azure_storage_rules(string name)
    {
        var options = new EmbeddedPortraitHostOptions { Backend = PortraitBackend.Azurite, TaskHubName = name };

        Assert.Contains("task hub name", Assert.Single(options.Problems()), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_by_a_typed_exception()
    {
        var options = new EmbeddedPortraitHostOptions
        {
            Backend = PortraitBackend.AzureStorage,
            TaskHubName = "x",
            ProgressPollingInterval = TimeSpan.Zero,
        };

        var e = Assert.Throws<InvalidPortraitHostOptionsException>(options.Validate);
        Assert.Equal(3, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Contains("ProgressPollingInterval", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Starting_with_invalid_options_fails_before_anything_starts()
    {
        var options = new EmbeddedPortraitHostOptions { Backend = (PortraitBackend)42 };

        var e = await Assert.ThrowsAsync<InvalidPortraitHostOptionsException>(() => EmbeddedPortraitHost.StartAsync(options));
        Assert.Contains("is not a backend", Assert.Single(e.Problems), StringComparison.Ordinal);
    }
}
