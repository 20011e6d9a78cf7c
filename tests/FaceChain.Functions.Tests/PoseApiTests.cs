using System.Text;
using System.Text.Json;
using FaceChain.Cli;
using FaceChain.Functions.Uploads;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Functions.Tests;

/// <summary>
/// Pose jobs through every door of the Functions app: POST /api/portraits (pose photo as an inputs/api/ blob, character
/// photo inline) polled on the status endpoint to the end, `facechain submit --pose-photo`, and a job.json manifest
/// whose pose photo is uploaded beside it.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class PoseApiTests(FunctionsFixture fixture) : IDisposable
{
    private static readonly string[] TerminalStatuses = ["completed", "failed", "terminated"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "facechain-pose-api-" + Guid.NewGuid().ToString("N"));

    private static Task<ApiResponse> SubmitAsync(FunctionsTestHost host, object request) =>
        ApiCall.SendAsync(ApiCall.Json("POST", "/api/portraits", JsonSerializer.Serialize(request)), r => host.Api.SubmitAsync(r, host.Client));

    private static Task<ApiResponse> StatusAsync(FunctionsTestHost host, string jobId) =>
        ApiCall.SendAsync(ApiCall.Request("GET", $"/api/portraits/{jobId}"), r => host.Api.GetAsync(r, jobId, host.Client));

    private static object PoseRequest(BlobReference posePhoto, float poseScale, ulong seed) => new
    {
        mode = "pose",
        styleId = "studio-portrait",
        count = 2,
        width = 64,
        height = 64,
        steps = 4,
        seed,
        poseScale,
        characterPhoto = new { data = Convert.ToBase64String(TestRequests.Photo(0)) },
        posePhoto = new { blob = new { container = posePhoto.Container, name = posePhoto.Name } },
    };

    /// <summary>Polls the status endpoint as a client does until the job has ended, and returns the last status body.</summary>
    private static async Task<JsonElement> PollUntilEndedAsync(FunctionsTestHost host, string jobId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3); // the first job of a run also generates the tiny model set
        while (true)
        {
            var status = await StatusAsync(host, jobId);
            Assert.Equal(200, status.StatusCode);
            if (TerminalStatuses.Contains(status.Body.GetProperty("status").GetString()) || DateTime.UtcNow > deadline)
            {
                return status.Body;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_pose_job_posted_to_the_api_completes_with_its_portraits_and_the_pose_in_result_json()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var posePhoto = await File.ReadAllBytesAsync(SharedAssets.PoseReference);
        var uploaded = new BlobReference(BlobLayout.Inputs, $"{ReferenceOnlyFolders.Api}/{Guid.NewGuid():N}/pose.jpg");
        await host.Store.UploadAsync(uploaded, posePhoto, "image/jpeg", overwrite: true);

        var accepted = await SubmitAsync(host, PoseRequest(uploaded, poseScale: 0.7f, seed: 9101));
        // The same job with the pose switched off, to show the scale reaches the generator and not only result.json.
        var unsteered = await SubmitAsync(host, PoseRequest(uploaded, poseScale: 0f, seed: 9101));

        Assert.Equal((202, 202), (accepted.StatusCode, unsteered.StatusCode));
        var jobId = accepted.Body.GetProperty("jobId").GetString()!;
        var status = await PollUntilEndedAsync(host, jobId);
        Assert.True(status.GetProperty("status").GetString() == "completed", status.ToString());
        Assert.Equal(PortraitStages.Completed, status.GetProperty("progress").GetProperty("stage").GetString());
        Assert.Equal(posePhoto, await host.Store.DownloadAsync(BlobLayout.PosePhoto(jobId), posePhoto.Length));

        using var http = new HttpClient();
        var portraits = new List<byte[]>();
        foreach (var output in status.GetProperty("outputs").EnumerateArray())
        {
            var png = await http.GetByteArrayAsync(new Uri(output.GetProperty("url").GetString()!));
            Assert.Equal((64, 64), (Image.Identify(png).Width, Image.Identify(png).Height));
            portraits.Add(png);
        }

        Assert.Equal(2, portraits.Count);
        var resultJson = await http.GetByteArrayAsync(new Uri(status.GetProperty("resultUrl").GetString()!));
        var pose = PipelineJson.Deserialize<PortraitJobResult>(resultJson, "result.json").Pose;
        Assert.NotNull(pose);
        Assert.Equal(0.7f, pose.Scale);
        Assert.Equal(BlobLayout.PoseControl(jobId), pose.ControlImage);
        Assert.Equal(1, pose.PeopleFound);
        Assert.Equal(18, pose.Keypoints.Count);
        Assert.All(pose.Keypoints.Select((k, i) => (k, i)).Where(p => p.k is not null), p => Assert.Equal(Vision.Pose.OpenPoseSkeleton.PointNames[p.i], p.k!.Name));
        // The pose photo's person leans into the frame: nose and eyes are found, on the 64×64 canvas.
        foreach (var index in new[] { 0, 14, 15 })
        {
            var point = pose.Keypoints[index];
            Assert.NotNull(point);
            Assert.InRange(point.X, 0f, 64f);
            Assert.InRange(point.Y, 0f, 64f);
        }

        using var control = Image.Load<Rgb24>(await host.Store.DownloadAsync(pose.ControlImage, 1024 * 1024));
        Assert.Equal((64, 64), (control.Width, control.Height));
        // Joints are drawn last, in order: the last confident one keeps its own colour at its centre.
        int last = pose.Keypoints.Select((k, i) => (k, i)).Last(p => p.k is not null).i;
        var joint = pose.Keypoints[last]!;
        Assert.Equal(Vision.Pose.OpenPoseRenderer.Colors[last], control[(int)joint.X, (int)joint.Y]);

        var unsteeredId = unsteered.Body.GetProperty("jobId").GetString()!;
        Assert.NotEqual(jobId, unsteeredId);
        var unsteeredStatus = await PollUntilEndedAsync(host, unsteeredId);
        Assert.Equal("completed", unsteeredStatus.GetProperty("status").GetString());
        var unsteeredPortraits = new List<byte[]>();
        foreach (var output in unsteeredStatus.GetProperty("outputs").EnumerateArray())
        {
            unsteeredPortraits.Add(await http.GetByteArrayAsync(new Uri(output.GetProperty("url").GetString()!)));
        }

        Assert.All(portraits.Zip(unsteeredPortraits), pair => Assert.False(pair.First.SequenceEqual(pair.Second), "pose scale 0.7 made the same image as 0"));
    }

    [Fact]
    public async Task Submit_with_a_pose_photo_runs_a_pose_job_and_downloads_result_json_with_the_pose()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await using var server = await LoopbackApiServer.StartAsync(host);
        var options = new SubmitOptions
        {
            Endpoint = server.Endpoint,
            Key = LoopbackApiServer.FunctionKey,
            Photo = SharedAssets.SinglePortraits[1],
            Style = "studio-portrait",
            PosePhoto = SharedAssets.PoseReference,
            PoseScale = 1.5f,
            Count = 1,
            Size = 64,
            Steps = 3,
            Seed = 9102,
            Out = Path.Combine(_folder, "out"),
            PollInterval = TimeSpan.FromMilliseconds(100),
            Timeout = TimeSpan.FromMinutes(3),
        };
        using var http = new HttpClient();
        var error = new StringWriter();

        var code = await SubmitCommand.RunAsync(options, http, new StringWriter(), error, interactive: false);

        Assert.True(code == ExitCodes.Success, error.ToString());
        var result = PipelineJson.Deserialize<PortraitJobResult>(File.ReadAllBytes(Path.Combine(options.Out, "result.json")), "result.json");
        Assert.NotNull(result.Pose);
        Assert.Equal((1.5f, 1), (result.Pose.Scale, result.Pose.PeopleFound));
        Assert.Equal(BlobLayout.PoseControl(result.JobId), result.Pose.ControlImage);
        Assert.True(File.Exists(Path.Combine(options.Out, "portrait-0.png")));
    }

    [Fact]
    public async Task A_manifest_naming_a_pose_photo_beside_it_starts_its_pose_job_once_both_photos_are_uploaded()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        var folder = "upload-pose-" + Guid.NewGuid().ToString("N")[..12];
        var posePhoto = await File.ReadAllBytesAsync(SharedAssets.PoseReference);
        var manifest = JsonSerializer.Serialize(new
        {
            mode = "pose",
            styleId = "studio-portrait",
            width = 64,
            height = 64,
            steps = 4,
            seed = 9103,
            poseScale = 0.5f,
            characterPhoto = new { blob = new { name = "me.jpg" } },
            posePhoto = new { blob = new { name = "pose.jpg" } },
        });

        var manifestOutcome = await TriggerAsync(host, $"{folder}/job.json", Encoding.UTF8.GetBytes(manifest));
        var characterOutcome = await TriggerAsync(host, $"{folder}/me.jpg", TestRequests.Photo(2));
        Assert.Equal((UploadOutcomeKind.WaitingForPhoto, UploadOutcomeKind.WaitingForPhoto), (manifestOutcome.Kind, characterOutcome.Kind));
        Assert.Contains("pose.jpg", characterOutcome.Reason, StringComparison.Ordinal);
        Assert.Empty(await host.InstancesAsync());

        var started = await TriggerAsync(host, $"{folder}/pose.jpg", posePhoto);

        Assert.Equal(UploadOutcomeKind.Started, started.Kind);
        var job = (await host.Client.GetInstanceAsync(started.JobId!, getInputsAndOutputs: true))!.ReadInputAs<PortraitJob>()!;
        Assert.Equal((JobMode.Pose, 0.5f), (job.Request.Mode, job.Request.PoseScale));
        Assert.Equal(BlobLayout.PosePhoto(started.JobId!), job.Request.PosePhoto!.Blob);
        Assert.Equal(posePhoto, await host.Store.DownloadAsync(BlobLayout.PosePhoto(started.JobId!), posePhoto.Length));
        Assert.Single(await host.InstancesAsync());
    }

    private async Task<UploadOutcome> TriggerAsync(FunctionsTestHost host, string name, byte[] content)
    {
        var blob = fixture.BlobService.GetBlobContainerClient(BlobLayout.Inputs).GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(content), overwrite: true);
        return await host.Upload.RunAsync(blob, host.Client, CancellationToken.None);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
