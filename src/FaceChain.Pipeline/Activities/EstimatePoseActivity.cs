using System.Diagnostics;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Vision.Pose;
using Microsoft.DurableTask;
using SixLabors.ImageSharp;

namespace FaceChain.Pipeline.Activities;

/// <summary>
/// Pose photo → control image (work/{jobId}/pose-control.png) and keypoints. Nobody in the photo is a permanent failure
/// ("no person found in the pose photo"), never a silent fallback to an unsteered portrait.
/// </summary>
public sealed class EstimatePoseActivity(IBlobStore store, IPoseEstimation estimation, Contracts.JobRequestLimits limits)
    : TaskActivity<EstimatePoseInput, PoseSummary>
{
    public override async Task<PoseSummary> RunAsync(TaskActivityContext context, EstimatePoseInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            var photo = await store.DownloadAsync(input.PosePhoto, limits.MaxPhotoBytes);
            var clock = Stopwatch.StartNew();
            using var extraction = estimation.Extract(photo, input.Width, input.Height);
            var modelMs = clock.Elapsed.TotalMilliseconds;
            using var png = new MemoryStream();
            await extraction.ControlImage.SaveAsPngAsync(png, PoseControlPng.Encoder);
            var blob = BlobLayout.PoseControl(input.JobId);
            await store.UploadAsync(blob, png.ToArray(), BlobLayout.PngContentType, overwrite: true);
            return new PoseSummary(blob, extraction.PeopleFound, PoseReport.From(extraction).Keypoints, modelMs);
        }
        catch (NoPersonFoundException e)
        {
            throw new PortraitJobException(JobFailureCode.NoPersonFound, e.Message, e);
        }
        catch (Exception e) when (PortraitJobException.FromInputProblem(e, "the pose photo") is { } permanent && permanent != e)
        {
            throw permanent;
        }
    }
}
