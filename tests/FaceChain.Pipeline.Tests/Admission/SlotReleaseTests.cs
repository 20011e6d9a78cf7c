using FaceChain.Pipeline.Admission;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Submission;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Pipeline.Tests.Admission;

/// <summary>When a portrait job gives its admission slot back, on the in-process Durable Task host.</summary>
[Collection(PipelineCollection.Name)]
public sealed class SlotReleaseTests(PipelineFixture fixture)
{
    private static PortraitJobRequest Job(ulong seed) => new()
    {
        CharacterPhoto = PhotoSource.FromBytes(TestPhotos.Portrait()),
        StyleId = "studio-portrait",
        Count = 1,
        Width = 32,
        Height = 32,
        Steps = 2,
        Seed = seed,
    };

    [Fact]
    public async Task A_job_gives_its_slot_back_before_publishing_so_the_next_job_runs_meanwhile_and_both_publish()
    {
        var store = new PublishHoldingBlobStore(fixture.NewStore());
        await using var host = await PortraitTestHost.StartAsync(fixture, services => services.AddSingleton<IBlobStore>(store));
        var gate = new JobAdmissionGate(new JobAdmissionPolicy { Capacity = 1 });
        var submitter = new PortraitJobSubmitter(host.Client, store, host.Host.Services.GetRequiredService<JobRequestValidator>(), admission: gate);

        var first = await submitter.SubmitAsync(Job(seed: 1));
        await WaitUntilAsync(() => store.IsPublishing(first.JobId), "the first job never published");

        // One slot, and the first job is held in its publish: the second can only run if that slot was given back.
        var second = await submitter.SubmitAsync(Job(seed: 2));
        await WaitUntilAsync(() => store.IsPublishing(second.JobId), "the second job did not run while the first was publishing");
        var firstState = await host.Client.GetInstanceAsync(first.JobId, getInputsAndOutputs: true);
        Assert.Equal(PortraitStages.Publish, PortraitJobProgress.Parse(firstState?.SerializedCustomStatus)?.Stage);

        store.LetPublishesThrough();
        foreach (var job in new[] { first, second })
        {
            var done = await host.WaitAsync(job.JobId);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal(["portrait-0.png", "result.json"],
                (await store.ListAsync(BlobLayout.Outputs, BlobLayout.JobPrefix(job.JobId))).Select(n => n[(job.JobId.Length + 1)..]));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            Assert.False(limit.IsCancellationRequested, failure);
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
