using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Vision;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace FaceChain.Functions.Api;

/// <summary>
/// POST /api/faces: the body is a photo (raw bytes, at most the inline photo limit, so a photo that passes here also
/// passes as a job's inline photo). The answer is every face with its box, landmarks and quality, and the face a job
/// would portray — the same detection the DetectFaces activity runs, so a bad photo is caught before a job starts.
/// </summary>
public sealed class FacesApi(IFaceAnalysis faces, JobRequestLimits limits, ILogger<FacesApi> logger)
{
    public async Task<IActionResult> DetectAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var max = limits.MaxInlinePhotoBytes;
        if (request.ContentLength > max)
        {
            return TooLarge(request.ContentLength.Value, max);
        }

        var photo = await RequestBody.ReadCappedAsync(request.Body, max, request.HttpContext.RequestAborted);
        if (photo is null)
        {
            return TooLarge(null, max);
        }

        if (photo.Length == 0)
        {
            return ApiJsonResult.Error(StatusCodes.Status400BadRequest, "", ValidationCodes.Required, "the request body is required: the photo's bytes (JPEG or PNG)");
        }

        try
        {
            // Detection is CPU-bound ONNX work: off the request thread, like an activity.
            var report = await Task.Run(() => faces.Detect(photo), request.HttpContext.RequestAborted);
            return ApiJsonResult.Ok(new FaceList(report.ImageWidth, report.ImageHeight, report.ChosenIndex, report.Faces));
        }
        catch (InvalidImageException e)
        {
            logger.LogInformation("Face detection refused a photo: {Reason}", e.Message);
            return ApiJsonResult.Error(StatusCodes.Status400BadRequest, "", ApiErrorCodes.InvalidImage, e.Message);
        }
        catch (NoFaceFoundException e)
        {
            return ApiJsonResult.Error(StatusCodes.Status400BadRequest, "", ApiErrorCodes.NoFaceFound, e.Message);
        }
    }

    private static ApiJsonResult TooLarge(long? size, long max) => ApiJsonResult.Error(StatusCodes.Status400BadRequest, "", ValidationCodes.TooLarge,
        $"the photo is {(size is { } s ? $"{s} bytes" : "larger than the limit")}; the limit is {max} bytes");
}
