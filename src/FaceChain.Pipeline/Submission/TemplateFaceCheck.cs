using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Templates;
using FaceChain.Vision;

namespace FaceChain.Pipeline.Submission;

/// <summary>
/// Checks a template request's face indexes against the template photo's faces before anything is scheduled, so a wrong
/// index is a 400 that lists the faces found (count and boxes) instead of a failed job. Detection costs one YuNet pass
/// (tens of milliseconds) in the submitting host, and the orchestration detects again (DetectTemplateFaces) to pin the
/// boxes, so uploads that skip this check (manifests) still fail cleanly. A photo with no face, or one that cannot be
/// read, passes here: the job fails with the reason ("no face found in the template photo"), as for character photos.
/// </summary>
public static class TemplateFaceCheck
{
    public static void EnsureIndexesExist(IFaceAnalysis faces, byte[] template, PortraitJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(request);
        FaceDetectionReport report;
        try
        {
            report = faces.Detect(template);
        }
        catch (Exception e) when (e is NoFaceFoundException or InvalidImageException)
        {
            return;
        }

        var errors = new List<ValidationError>();
        var mapped = request.TemplateFaces();
        for (var j = 0; j < mapped.Count; j++)
        {
            var index = mapped[j].FaceIndex;
            if (index >= report.Faces.Count)
            {
                var field = request.Mode == JobMode.Template ? "faceIndex" : $"faces[{j}].faceIndex";
                errors.Add(new ValidationError(field, ValidationCodes.FaceIndexOutOfRange,
                    $"the template photo has no face {index}: {TemplateFacesSummary.Describe(report.Faces)}"));
            }
        }

        if (errors.Count > 0)
        {
            throw new JobValidationException(errors);
        }
    }
}
