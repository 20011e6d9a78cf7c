using FaceChain.Hosting.Portraits;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;

namespace FaceChain.EndToEnd.Tests;

/// <summary>
/// Pose mode through <see cref="EmbeddedPortraitHost"/> on Azurite: the shared pose photo steers the tiny set's OpenPose
/// ControlNet; nobody in the pose photo fails the job with the reason and no outputs; bad requests are refused up front.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PoseJobTests(AzuriteFixture azurite, EndToEndModels models) : IAsyncLifetime
{
    private EmbeddedPortraitHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await EmbeddedPortraitHost.StartAsync(models.StorageHost(azurite.ConnectionString, EndToEndModels.NewTaskHubName()));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static PortraitJobRequest PoseJob(byte[] posePhoto, float? scale = null) =>
        Requests.Small(PhotoSource.FromBytes(TestPhotos.Portrait()), count: 2, seed: 4242) with
        {
            Mode = JobMode.Pose,
            PosePhoto = PhotoSource.FromBytes(posePhoto),
            PoseScale = scale,
        };

    [Fact]
    public async Task A_pose_job_makes_its_portraits_steered_by_the_pose_and_records_it_in_result_json()
    {
        var posePhoto = await File.ReadAllBytesAsync(SharedAssets.PoseReference);
        var posed = await _host.RunJobAsync(PoseJob(posePhoto), cancellationToken: Limits.Job());
        var ignored = await _host.RunJobAsync(PoseJob(posePhoto, scale: 0f), cancellationToken: Limits.Job());
        var plain = await _host.RunJobAsync(Requests.Small(PhotoSource.FromBytes(TestPhotos.Portrait()), count: 2, seed: 4242), cancellationToken: Limits.Job());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, posed.Metadata.RuntimeStatus);
        Assert.Equal(["portrait-0.png", "portrait-1.png", "result.json"], await Blobs.OutputsOf(_host.Store, posed.JobId));
        var stored = await _host.Store.DownloadJsonAsync<PortraitJobResult>(BlobLayout.Result(posed.JobId));
        var pose = Assert.IsType<PoseResult>(stored.Pose);
        Assert.Equal(1f, pose.Scale);
        Assert.Equal(BlobLayout.PoseControl(posed.JobId), pose.ControlImage);
        Assert.True(pose.PeopleFound >= 1);
        Assert.Equal(18, pose.Keypoints.Count);
        Assert.Equal("nose", pose.Keypoints[0]!.Name);
        Assert.Null(plain.Result.Pose);

        var posedImages = await ImagesOf(posed.Result);
        var plainImages = await ImagesOf(plain.Result);
        var ignoredImages = await ImagesOf(ignored.Result);
        Assert.All(posedImages.Zip(plainImages), pair => Assert.False(pair.First.SequenceEqual(pair.Second), "the pose left an image unchanged"));
        Assert.All(ignoredImages.Zip(plainImages), pair => Assert.True(pair.First.SequenceEqual(pair.Second), "pose scale 0 changed an image"));
    }

    [Fact]
    public async Task A_pose_photo_with_nobody_in_it_fails_the_job_with_the_reason_and_no_outputs()
    {
        var submission = await _host.Submitter.SubmitAsync(PoseJob(await File.ReadAllBytesAsync(SharedAssets.NoPersonScene)));

        var failure = await Assert.ThrowsAsync<PortraitJobFailureException>(() => _host.WaitForJobAsync(submission.JobId, cancellationToken: Limits.Job()));

        Assert.Equal(JobFailureCode.NoPersonFound, failure.Code);
        Assert.Equal("no person found in the pose photo", failure.Reason);
        Assert.Empty(await Blobs.OutputsOf(_host.Store, submission.JobId));
    }

    [Fact]
    public async Task Pose_mode_without_a_pose_photo_or_with_a_file_that_is_no_image_is_refused_naming_the_field()
    {
        var missing = await Assert.ThrowsAsync<JobValidationException>(() => _host.Submitter.SubmitAsync(PoseJob([]) with { PosePhoto = null }));
        var error = Assert.Single(missing.Errors);
        Assert.Equal(("posePhoto", ValidationCodes.Required), (error.Field, error.Code));

        var notImage = await Assert.ThrowsAsync<JobValidationException>(() => _host.Submitter.SubmitAsync(PoseJob("not a photo"u8.ToArray())));
        error = Assert.Single(notImage.Errors);
        Assert.Equal(("posePhoto", ValidationCodes.InvalidImage), (error.Field, error.Code));

        var outOfRange = await Assert.ThrowsAsync<JobValidationException>(() => _host.Submitter.SubmitAsync(PoseJob(TestPhotos.Portrait(), scale: 2.5f)));
        error = Assert.Single(outOfRange.Errors);
        Assert.Equal(("poseScale", ValidationCodes.OutOfRange), (error.Field, error.Code));
    }

    private async Task<List<byte[]>> ImagesOf(PortraitJobResult result)
    {
        var images = new List<byte[]>();
        foreach (var output in result.Outputs)
        {
            images.Add(await _host.Store.DownloadAsync(output.Blob, 16 * 1024 * 1024));
        }

        return images;
    }
}
