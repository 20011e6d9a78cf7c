using System.Diagnostics;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Activities;

/// <summary>
/// Reads the character photo (size-capped), detects and assesses every face, chooses the character's face and writes
/// work/{jobId}/faces.json. No face or an unusable photo is a permanent <see cref="PortraitJobException"/>.
/// </summary>
public sealed class DetectFacesActivity(IBlobStore store, IFaceAnalysis faces, JobRequestLimits limits)
    : TaskActivity<DetectFacesInput, FaceDetectionSummary>
{
    public override async Task<FaceDetectionSummary> RunAsync(TaskActivityContext context, DetectFacesInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            var photo = await store.DownloadAsync(input.Photo, limits.MaxPhotoBytes);
            var clock = Stopwatch.StartNew();
            var report = faces.Detect(photo);
            var modelMs = clock.Elapsed.TotalMilliseconds;
            var facesBlob = input.FacesBlob ?? BlobLayout.Faces(input.JobId);
            await store.UploadJsonAsync(facesBlob, report);
            return new FaceDetectionSummary(facesBlob, report.Faces.Count, report.ChosenIndex, report.Chosen.Quality, modelMs);
        }
        catch (Exception e) when (PortraitJobException.FromInputProblem(e, input.PhotoName ?? "the character photo") is { } permanent && permanent != e)
        {
            throw permanent;
        }
    }
}
