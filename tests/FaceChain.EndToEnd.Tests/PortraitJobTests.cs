using FaceChain.Diffusion.Noise;
using FaceChain.Hosting.Portraits;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Submission;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;
using SixLabors.ImageSharp;

namespace FaceChain.EndToEnd.Tests;

/// <summary>Style jobs through <see cref="EmbeddedPortraitHost"/> on the Azure Storage Durable backend (Azurite), blobs in Azurite.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class PortraitJobTests(AzuriteFixture azurite, EndToEndModels models) : IAsyncLifetime
{
    private EmbeddedPortraitHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await EmbeddedPortraitHost.StartAsync(models.StorageHost(azurite.ConnectionString, EndToEndModels.NewTaskHubName()));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_three_image_style_job_completes_with_three_pngs_of_the_requested_size_and_result_json()
    {
        var upload = new BlobReference(BlobLayout.Inputs, "uploads/e2e-style.jpg");
        await _host.Store.UploadAsync(upload, TestPhotos.Portrait(), "image/jpeg", overwrite: true);
        var request = Requests.Small(PhotoSource.FromBlob(upload), count: 3, seed: 4242);
        var progress = new ProgressLog();

        var done = await _host.RunJobAsync(request, progress, Limits.Job());

        Assert.Equal("AzureStorage", _host.Engine.BackendName);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Metadata.RuntimeStatus);
        Assert.True(_host.ModelSet.IsGeneratedTinySet);
        var result = done.Result;
        Assert.Equal((ModelSetProvider.TinySetName, "studio-portrait", 4242UL), (result.ModelSet, result.StyleId, result.Seed));
        Assert.Equal([0, 1, 2], result.Outputs.Select(o => o.Index));
        Assert.Equal(Enumerable.Range(0, 3).Select(k => SeedSequence.Derive(4242, k)), result.Outputs.Select(o => o.Seed));

        Assert.Equal(["portrait-0.png", "portrait-1.png", "portrait-2.png", "result.json"], await Blobs.OutputsOf(_host.Store, done.JobId));
        foreach (var output in result.Outputs)
        {
            var info = Image.Identify(await _host.Store.DownloadAsync(output.Blob, 1 << 20));
            Assert.Equal((64, 48), (info.Width, info.Height));
            Assert.Equal((64, 48), (output.Width, output.Height));
        }

        var stored = await _host.Store.DownloadJsonAsync<PortraitJobResult>(BlobLayout.Result(done.JobId));
        Assert.Equal(result.Outputs, stored.Outputs);
        Assert.Equal(ModelSetProvider.TinySetName, stored.ModelSet);
        Assert.Equal((0, 1), (stored.ChosenFace.Index, stored.ChosenFace.FacesFound));
        Assert.True(stored.ChosenFace.Quality.Acceptable);
        Assert.True(stored.ModelCallMs > 0);
        Assert.Equal(
            [PortraitStages.DetectFaces, PortraitStages.EncodeIdentity, PortraitStages.GenerateImages],
            stored.StageTimingsMs.Keys.Order(StringComparer.Ordinal));

        var final = done.FinalProgress!;
        Assert.Equal((PortraitStages.Completed, 3, 3, 100), (final.Stage, final.ImagesDone, final.ImagesTotal, final.Percent));
        Assert.Equal(final, progress.Reports[^1]);
        var percents = progress.Reports.Select(p => p.Percent).ToList();
        Assert.Equal(percents.Order(), percents);
    }

    [Fact]
    public async Task The_same_upload_submitted_twice_is_one_instance_with_one_set_of_outputs()
    {
        var upload = new BlobReference(BlobLayout.Inputs, "uploads/e2e-dedup.jpg");
        await _host.Store.UploadAsync(upload, TestPhotos.Portrait(), "image/jpeg", overwrite: true);
        var request = Requests.Small(PhotoSource.FromBlob(upload), count: 2, seed: 77) with { StyleId = "anime" };

        var first = await _host.Submitter.SubmitAsync(request);
        var second = await _host.Submitter.SubmitAsync(request);
        var done = await _host.WaitForJobAsync(first.JobId, cancellationToken: Limits.Job());
        var afterwards = await _host.Submitter.SubmitAsync(request);

        Assert.Equal((first.JobId, false), (first.JobId, first.AlreadyExisted));
        Assert.Equal((first.JobId, true), (second.JobId, second.AlreadyExisted));
        Assert.Equal((first.JobId, true), (afterwards.JobId, afterwards.AlreadyExisted));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Metadata.RuntimeStatus);
        Assert.Equal([first.JobId], await Instances.JobIdsOf(_host.Client));
        Assert.Equal([first.JobId + ":verified-0", first.JobId + ":verified-1"],
            (await Instances.IdsOf(_host.Client)).Where(id => id != first.JobId).Order(StringComparer.Ordinal));
        Assert.Equal(["portrait-0.png", "portrait-1.png", "result.json"], await Blobs.OutputsOf(_host.Store, first.JobId));
    }

    [Fact]
    public async Task A_photo_without_a_face_fails_with_no_face_found_and_publishes_nothing()
    {
        var request = Requests.Small(PhotoSource.FromBytes(TestPhotos.Gradient()), count: 2, seed: 5);
        var submission = await _host.Submitter.SubmitAsync(request);

        var watched = new List<PortraitJobProgress>();
        await foreach (var snapshot in _host.WatchAsync(submission.JobId, Limits.Job()))
        {
            watched.Add(snapshot);
        }

        var failure = await Assert.ThrowsAsync<PortraitJobFailureException>(() => _host.WaitForJobAsync(submission.JobId, cancellationToken: Limits.Job()));
        Assert.Equal((submission.JobId, OrchestrationRuntimeStatus.Failed), (failure.JobId, failure.Status));
        Assert.Equal((JobFailureCode.NoFaceFound, "no face found in the character photo"), (failure.Code, failure.Reason));
        Assert.Equal((PortraitStages.Failed, "no face found in the character photo"), (watched[^1].Stage, watched[^1].FailureReason));
        Assert.Equal(PortraitStages.Failed, failure.LastProgress!.Stage);

        var metadata = await _host.Client.GetInstanceAsync(submission.JobId, getInputsAndOutputs: true);
        Assert.Equal("no face found in the character photo", metadata!.FailureDetails!.ErrorMessage);
        Assert.Empty(await Blobs.OutputsOf(_host.Store, submission.JobId));
        Assert.Empty(await _host.Store.ListAsync(BlobLayout.Work, BlobLayout.JobPrefix(submission.JobId)));
    }

    [Fact]
    public async Task An_unknown_style_is_refused_at_submission_and_nothing_is_scheduled_or_stored()
    {
        var photo = TestPhotos.Portrait();
        var request = Requests.Small(PhotoSource.FromBytes(photo), count: 1, seed: 6) with { StyleId = "no-such-style" };

        var refusal = await Assert.ThrowsAsync<JobValidationException>(() => _host.Submitter.SubmitAsync(request));

        Assert.Equal(("styleId", ValidationCodes.UnknownStyle), (Assert.Single(refusal.Errors).Field, refusal.Errors[0].Code));
        Assert.Empty(await Instances.IdsOf(_host.Client));
        var wouldBe = JobIdentity.Derive(request, JobIdentity.Sha256Hex(photo)).JobId;
        foreach (var container in BlobLayout.Containers)
        {
            Assert.Empty(await _host.Store.ListAsync(container, BlobLayout.JobPrefix(wouldBe)));
        }
    }
}
