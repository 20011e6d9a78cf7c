using FaceChain.Hosting.Portraits;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Submission;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.EndToEnd.Tests;

/// <summary>
/// Resubmitting a request on the Azure Storage Durable backend (Azurite): identical submissions share one run while it
/// runs or after it completed, and a failed or cancelled run is followed by a new run under its own id.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ReRunTests(AzuriteFixture azurite, EndToEndModels models) : IAsyncLifetime
{
    private EmbeddedPortraitHost _host = null!;
    private SwitchableImageGenerator _generator = null!;

    public async Task InitializeAsync()
    {
        _host = await EmbeddedPortraitHost.StartAsync(models.StorageHost(azurite.ConnectionString, EndToEndModels.NewTaskHubName(), services =>
            services.AddSingleton<IImageGenerator>(sp => new SwitchableImageGenerator(
                new InProcessImageGenerator(sp.GetRequiredService<ModelSetProvider>())))));
        _generator = (SwitchableImageGenerator)_host.Services.GetRequiredService<IImageGenerator>();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Twenty_identical_submissions_at_once_create_exactly_one_job()
    {
        var request = Requests.Small(PhotoSource.FromBytes(TestPhotos.Portrait()), count: 1, seed: 2020);

        var submissions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _host.Submitter.SubmitAsync(request))));
        var jobId = Assert.Single(submissions.Select(s => s.JobId).Distinct());
        var done = await _host.WaitForJobAsync(jobId, cancellationToken: Limits.Job());

        Assert.Single(submissions, s => !s.AlreadyExisted);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Metadata.RuntimeStatus);
        Assert.Equal([jobId], (await Instances.IdsOf(_host.Client)).Where(id => !id.Contains(':', StringComparison.Ordinal)));
        Assert.Equal(["portrait-0.png", "result.json"], await Blobs.OutputsOf(_host.Store, jobId));
    }

    [Fact]
    public async Task A_failed_job_runs_again_under_a_new_id_and_the_completed_rerun_then_deduplicates()
    {
        var request = Requests.Small(PhotoSource.FromBytes(TestPhotos.Portrait()), count: 2, seed: 3030);
        _generator.Switch(SwitchableImageGenerator.Mode.FailPermanently);
        var first = await _host.Submitter.SubmitAsync(request);
        await Assert.ThrowsAsync<PortraitJobFailureException>(() => _host.WaitForJobAsync(first.JobId, cancellationToken: Limits.Job()));

        _generator.Switch(SwitchableImageGenerator.Mode.PassThrough);
        var second = await _host.Submitter.SubmitAsync(request);
        var done = await _host.WaitForJobAsync(second.JobId, cancellationToken: Limits.Job());
        var third = await _host.Submitter.SubmitAsync(request);

        Assert.False(first.AlreadyExisted);
        Assert.Equal((JobIdentity.RunId(first.JobId, 2), false), (second.JobId, second.AlreadyExisted));
        Assert.Equal((second.JobId, true), (third.JobId, third.AlreadyExisted));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Metadata.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await _host.Client.GetInstanceAsync(first.JobId))!.RuntimeStatus);
        Assert.Empty(await Blobs.OutputsOf(_host.Store, first.JobId));
        Assert.Equal(["portrait-0.png", "portrait-1.png", "result.json"], await Blobs.OutputsOf(_host.Store, second.JobId));
        Assert.Equal(3030UL, done.Result.Seed);
    }

    [Fact]
    public async Task A_cancelled_job_runs_again_when_resubmitted_but_a_running_one_does_not()
    {
        var request = Requests.Small(PhotoSource.FromBytes(TestPhotos.Portrait()), count: 1, seed: 4040);
        _generator.Switch(SwitchableImageGenerator.Mode.Hold);
        var first = await _host.Submitter.SubmitAsync(request);
        await _generator.Held.WaitAsync(Limits.Job());
        var whileRunning = await _host.Submitter.SubmitAsync(request);

        await _host.Client.TerminateInstanceAsync(first.JobId, "cancelled by the test");
        await _host.Client.WaitForInstanceCompletionAsync(first.JobId, Limits.Job());
        _generator.Switch(SwitchableImageGenerator.Mode.PassThrough);
        var rerun = await _host.Submitter.SubmitAsync(request);
        var done = await _host.WaitForJobAsync(rerun.JobId, cancellationToken: Limits.Job());

        Assert.Equal((first.JobId, true), (whileRunning.JobId, whileRunning.AlreadyExisted));
        Assert.Equal((JobIdentity.RunId(first.JobId, 2), false), (rerun.JobId, rerun.AlreadyExisted));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Metadata.RuntimeStatus);
        Assert.Equal(["portrait-0.png", "result.json"], await Blobs.OutputsOf(_host.Store, rerun.JobId));
        Assert.Empty(await Blobs.OutputsOf(_host.Store, first.JobId));
    }
}
