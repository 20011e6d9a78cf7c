using FaceChain.Diffusion.Noise;
using FaceChain.Pipeline.Admission;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;
using SixLabors.ImageSharp;

namespace FaceChain.Pipeline.Tests;

/// <summary>Whole jobs through <see cref="PortraitOrchestrator"/> on the in-process Durable Task host.</summary>
[Collection(PipelineCollection.Name)]
public sealed class PortraitOrchestrationTests(PipelineFixture fixture) : IAsyncLifetime
{
    private PortraitTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PortraitTestHost.StartAsync(fixture);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static PortraitJobRequest SmallJob(byte[] photo, int count) => new()
    {
        CharacterPhoto = PhotoSource.FromBytes(photo),
        StyleId = "studio-portrait",
        Count = count,
        Width = 64,
        Height = 48,
        Steps = 4,
    };

    [Fact]
    public async Task A_three_image_style_job_publishes_three_pngs_and_result_json()
    {
        var upload = new BlobReference(BlobLayout.Inputs, "uploads/portrait.jpg");
        await _host.Store.UploadAsync(upload, TestPhotos.Portrait(), "image/jpeg", overwrite: true);
        var request = SmallJob([], 3) with { CharacterPhoto = PhotoSource.FromBlob(upload), Seed = 1234 };

        var submission = await _host.Submitter.SubmitAsync(request);
        var metadata = await _host.WaitAsync(submission.JobId);

        Assert.False(submission.AlreadyExisted);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        var result = metadata.ReadOutputAs<PortraitJobResult>()!;
        Assert.Equal((submission.JobId, ModelSetProvider.TinySetName, "studio-portrait", 1234UL), (result.JobId, result.ModelSet, result.StyleId, result.Seed));
        Assert.Equal([0, 1, 2], result.Outputs.Select(o => o.Index));
        Assert.Equal(Enumerable.Range(0, 3).Select(k => SeedSequence.Derive(1234, k)), result.Outputs.Select(o => o.Seed));
        Assert.True(result.ModelCallMs > 0);
        Assert.Equal(
            [PortraitStages.DetectFaces, PortraitStages.EncodeIdentity, PortraitStages.GenerateImages, PortraitStages.Publish],
            result.StageTimingsMs.Keys.Order(StringComparer.Ordinal));

        var outputs = await _host.Store.ListAsync(BlobLayout.Outputs, BlobLayout.JobPrefix(submission.JobId));
        Assert.Equal(
            ["portrait-0.png", "portrait-1.png", "portrait-2.png", "result.json"],
            outputs.Select(n => n[(submission.JobId.Length + 1)..]));
        var pngs = new List<byte[]>();
        foreach (var output in result.Outputs)
        {
            var png = await _host.Store.DownloadAsync(output.Blob, 1 << 20);
            var info = Image.Identify(png);
            Assert.Equal((64, 48), (info.Width, info.Height));
            pngs.Add(png);
        }

        Assert.Equal(3, pngs.Select(Convert.ToBase64String).Distinct().Count());
        var stored = await _host.Store.DownloadJsonAsync<PortraitJobResult>(BlobLayout.Result(submission.JobId));
        Assert.Equal(result.Outputs, stored.Outputs);
        Assert.Equal(result.ModelCallMs, stored.ModelCallMs);

        var progress = PortraitJobProgress.Parse(metadata.SerializedCustomStatus)!;
        Assert.Equal((PortraitStages.Completed, 3, 3, 100), (progress.Stage, progress.ImagesDone, progress.ImagesTotal, progress.Percent));

        var storedRequest = await _host.Store.DownloadJsonAsync<PortraitJobRequest>(BlobLayout.Request(submission.JobId));
        Assert.Equal(BlobLayout.CharacterPhoto(submission.JobId), storedRequest.CharacterPhoto!.Blob);
    }

    [Fact]
    public async Task A_photo_without_a_face_fails_with_the_reason_after_one_detection_and_publishes_nothing()
    {
        var gradient = TestPhotos.Gradient();
        var submission = await _host.Submitter.SubmitAsync(SmallJob(gradient, 2));
        var metadata = await _host.WaitAsync(submission.JobId);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, metadata.RuntimeStatus);
        Assert.Equal("no face found in the character photo", metadata.FailureDetails!.ErrorMessage);
        Assert.Equal(1, _host.Faces.DetectionsOf(gradient));
        Assert.Empty(await _host.Store.ListAsync(BlobLayout.Outputs, BlobLayout.JobPrefix(submission.JobId)));
        var progress = PortraitJobProgress.Parse(metadata.SerializedCustomStatus)!;
        Assert.Equal((PortraitStages.Failed, "no face found in the character photo"), (progress.Stage, progress.FailureReason));
    }

    [Fact]
    public async Task An_unknown_style_is_refused_at_submission_and_nothing_is_scheduled_or_stored()
    {
        var before = await CountInstancesAsync();
        var e = await Assert.ThrowsAsync<JobValidationException>(() =>
            _host.Submitter.SubmitAsync(SmallJob(TestPhotos.Portrait(), 1) with { StyleId = "no-such-style" }));

        Assert.Equal(("styleId", ValidationCodes.UnknownStyle), (Assert.Single(e.Errors).Field, e.Errors[0].Code));
        Assert.Equal(before, await CountInstancesAsync());
        Assert.Empty(await _host.Store.ListAsync(BlobLayout.Jobs, ""));
        Assert.Empty(await _host.Store.ListAsync(BlobLayout.Inputs, ""));
    }

    [Fact]
    public async Task A_missing_photo_blob_is_refused_at_submission()
    {
        var e = await Assert.ThrowsAsync<JobValidationException>(() =>
            _host.Submitter.SubmitAsync(SmallJob([], 1) with { CharacterPhoto = PhotoSource.FromBlob(BlobLayout.Inputs, "never/uploaded.jpg") }));
        Assert.Equal(("characterPhoto.blob", ValidationCodes.NotFound), (Assert.Single(e.Errors).Field, e.Errors[0].Code));
    }

    [Fact]
    public async Task The_same_request_twice_is_one_instance_with_one_set_of_outputs()
    {
        var photo = TestPhotos.Portrait();
        var request = SmallJob(photo, 1) with { StyleId = "anime" };

        var first = await _host.Submitter.SubmitAsync(request);
        var second = await _host.Submitter.SubmitAsync(request);
        var metadata = await _host.WaitAsync(first.JobId);
        var third = await _host.Submitter.SubmitAsync(request with { CharacterPhoto = PhotoSource.FromBytes([.. photo]) });

        Assert.Equal((first.JobId, false), (first.JobId, first.AlreadyExisted));
        Assert.Equal((first.JobId, true), (second.JobId, second.AlreadyExisted));
        Assert.Equal((first.JobId, true), (third.JobId, third.AlreadyExisted));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        Assert.Equal(1, _host.Faces.DetectionsOf(photo));
        Assert.Equal(["portrait-0.png", "result.json"],
            (await _host.Store.ListAsync(BlobLayout.Outputs, BlobLayout.JobPrefix(first.JobId))).Select(n => n[(first.JobId.Length + 1)..]));
    }

    [Fact]
    public async Task Identical_requests_submitted_concurrently_start_one_instance()
    {
        var request = SmallJob(TestPhotos.Portrait(), 1) with { StyleId = "cyberpunk", Seed = 99 };
        var submissions = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _host.Submitter.SubmitAsync(request)));

        Assert.Single(submissions.Select(s => s.JobId).Distinct());
        Assert.Single(submissions, s => !s.AlreadyExisted);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await _host.WaitAsync(submissions[0].JobId)).RuntimeStatus);
    }

    private async Task<int> CountInstancesAsync()
    {
        var count = 0;
        await foreach (var instance in _host.Client.GetAllInstancesAsync())
        {
            // The admission gate is the task hub's own machinery, not a job.
            count += instance.InstanceId == JobAdmissionPolicy.DefaultGateInstanceId ? 0 : 1;
        }

        return count;
    }
}
