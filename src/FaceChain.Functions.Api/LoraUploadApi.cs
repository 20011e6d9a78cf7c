using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Loras;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace FaceChain.Functions.Api;

/// <summary>
/// POST /api/loras: the body is a .safetensors LoRA (raw bytes). It is size-capped (the pipeline's
/// <see cref="Diffusion.Lora.SafetensorsLimits"/>), validated and mapped onto the model set before anything is stored,
/// then stored content-addressed as inputs/loras/{sha256}.safetensors: 201 with the blob to name in a customLora
/// request's <c>lora</c>, or 200 when the same bytes were uploaded before. A malformed, hostile, oversized or foreign
/// file is a 400 <see cref="ApiErrorBody"/> and nothing is stored.
/// </summary>
public sealed class LoraUploadApi(LoraUploads uploads, ILogger<LoraUploadApi> logger)
{
    public async Task<IActionResult> UploadAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > uploads.MaxBytes)
        {
            return TooLarge(new LoraTooLargeException(request.ContentLength, uploads.MaxBytes));
        }

        if (request.ContentLength == 0)
        {
            return Empty();
        }

        UploadedLora stored;
        try
        {
            stored = await uploads.StoreAsync(request.Body, request.HttpContext.RequestAborted);
        }
        catch (LoraTooLargeException e)
        {
            return TooLarge(e);
        }
        catch (InvalidLoraException e)
        {
            logger.LogWarning("LoRA upload refused: {Reason}", e.Message);
            return ApiJsonResult.Error(StatusCodes.Status400BadRequest, "", ApiErrorCodes.InvalidLora, e.Message);
        }

        logger.LogInformation("LoRA {Blob} uploaded ({Bytes} bytes, {Tensors} tensors, new: {Created})", stored.Blob, stored.Bytes, stored.Tensors, stored.Created);
        return new ApiJsonResult(stored.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK,
            new LoraUploaded(stored.Blob, stored.Sha256, stored.Tensors, stored.Bytes, stored.MappedLayers, stored.UnmappedKeyCount));
    }

    private static ApiJsonResult TooLarge(LoraTooLargeException e) =>
        ApiJsonResult.Error(StatusCodes.Status400BadRequest, "", ValidationCodes.TooLarge, e.Message);

    private static ApiJsonResult Empty() =>
        ApiJsonResult.Error(StatusCodes.Status400BadRequest, "", ValidationCodes.Required, "the request body is required: the .safetensors file's bytes");
}
