using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Vision;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Templates;

/// <summary>
/// Detects the template's faces once (the same detector, minimum size and order as <c>facechain faces</c>), writes them
/// to work/{jobId}/template-faces.json and checks every mapped index against them. No face, or an index the template
/// does not have (a manifest upload skips the submission-time check), is a permanent failure listing what was found.
/// </summary>
public sealed class DetectTemplateFacesActivity(IBlobStore store, IFaceAnalysis faces, JobRequestLimits limits)
    : TaskActivity<DetectTemplateFacesInput, TemplateFacesSummary>
{
    public override async Task<TemplateFacesSummary> RunAsync(TaskActivityContext context, DetectTemplateFacesInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        FaceDetectionReport report;
        try
        {
            report = faces.Detect(await store.DownloadAsync(input.TemplatePhoto, limits.MaxPhotoBytes));
        }
        catch (NoFaceFoundException e)
        {
            throw new PortraitJobException(JobFailureCode.NoFaceFound, "no face found in the template photo", e);
        }
        catch (Exception e) when (PortraitJobException.FromInputProblem(e, "the template photo") is { } permanent && permanent != e)
        {
            throw permanent;
        }

        var missing = input.MappedFaces.Where(i => i < 0 || i >= report.Faces.Count).ToList();
        if (missing.Count > 0)
        {
            throw new PortraitJobException(JobFailureCode.NoFaceFound,
                $"the template photo has no face {string.Join(", ", missing)}: {TemplateFacesSummary.Describe(report.Faces)}");
        }

        var blob = BlobLayout.TemplateFaces(input.JobId);
        await store.UploadJsonAsync(blob, report);
        return new TemplateFacesSummary(blob, report.ImageWidth, report.ImageHeight, report.Faces);
    }
}
