using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Pipeline.Tests;

[Collection(PipelineCollection.Name)]
public sealed class TransientFailureTests(PipelineFixture fixture)
{
    [Fact]
    public async Task Transient_generation_failures_are_retried_and_the_job_still_publishes_each_image_once()
    {
        var flaky = new FlakyImageGenerator(fixture.Generator);
        await using var host = await PortraitTestHost.StartAsync(fixture, services => services.AddSingleton<IImageGenerator>(flaky));
        var submission = await host.Submitter.SubmitAsync(new PortraitJobRequest
        {
            CharacterPhoto = PhotoSource.FromBytes(TestPhotos.Portrait()),
            StyleId = "vintage-film",
            Count = 2,
            Width = 32,
            Height = 32,
            Steps = 2,
        });

        var metadata = await host.WaitAsync(submission.JobId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        Assert.Equal(4, flaky.TotalAttempts);
        Assert.Equal(["portrait-0.png", "portrait-1.png", "result.json"],
            (await host.Store.ListAsync(BlobLayout.Outputs, BlobLayout.JobPrefix(submission.JobId))).Select(n => n[(submission.JobId.Length + 1)..]));
        Assert.Equal(2, (await host.Store.ListAsync(BlobLayout.Work, BlobLayout.JobPrefix(submission.JobId))).Count(n => n.EndsWith(".png", StringComparison.Ordinal)));
    }
}
