using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Pipeline.Tests;

[Collection(PipelineCollection.Name)]
public sealed class RegistrationTests(PipelineFixture fixture)
{
    [Fact]
    public void Every_orchestrator_and_activity_in_the_assembly_is_registered_once_under_a_distinct_name()
    {
        var assembly = typeof(PortraitTasks).Assembly;
        var activities = assembly.GetTypes().Where(t => !t.IsAbstract && typeof(ITaskActivity).IsAssignableFrom(t)).ToHashSet();
        var orchestrators = assembly.GetTypes().Where(t => !t.IsAbstract && typeof(ITaskOrchestrator).IsAssignableFrom(t)).ToHashSet();

        Assert.Equal(activities, PortraitTasks.Activities.Select(a => a.Type).ToHashSet());
        Assert.Equal(orchestrators, PortraitTasks.Orchestrators.Select(o => o.Type).ToHashSet());
        var names = PortraitTasks.Activities.Concat(PortraitTasks.Orchestrators).Select(t => t.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_pipeline_services_resolve_with_the_model_sets_size_multiple()
    {
        var blobs = Path.Combine(fixture.Root, "di-" + Guid.NewGuid().ToString("N")[..8]);
        using var provider = new ServiceCollection()
            .AddSingleton(fixture.Sessions)
            .AddFaceChainPipeline(fixture.PipelineOptions(blobs) with { Limits = new JobRequestLimits { ImageSizeMultiple = 64, MaxCount = 4 } })
            .BuildServiceProvider();

        Assert.Equal(blobs, Assert.IsType<LocalFolderBlobStore>(provider.GetRequiredService<IBlobStore>()).RootFolder);
        var limits = provider.GetRequiredService<JobRequestLimits>();
        Assert.Equal((fixture.ModelSet.Manifest.ImageSizeMultiple, 4), (limits.ImageSizeMultiple, limits.MaxCount));
        Assert.Same(StyleCatalog.BuiltIn, provider.GetRequiredService<StyleCatalog>());
        Assert.IsType<VisionFaceAnalysis>(provider.GetRequiredService<IFaceAnalysis>());
        Assert.Equal(ModelSetProvider.TinySetName, provider.GetRequiredService<IImageGenerator>().ModelSetName);
        Assert.Same(fixture.Sessions, provider.GetRequiredService<FaceChain.Inference.OnnxSessionCache>());
    }

    [Fact]
    public void A_connection_string_selects_azure_blob_storage()
    {
        using var provider = new ServiceCollection()
            .AddFaceChainPipeline(new FaceChainPipelineOptions { StorageConnectionString = "UseDevelopmentStorage=true" })
            .BuildServiceProvider();
        var store = Assert.IsType<AzureBlobStore>(provider.GetRequiredService<IBlobStore>());
        Assert.Equal("devstoreaccount1", store.Service.AccountName);
    }
}
