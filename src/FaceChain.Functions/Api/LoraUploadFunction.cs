using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FaceChain.Functions.Api;

/// <summary>POST /api/loras as a Function (function-level key), served by the host-agnostic <see cref="LoraUploadApi"/>.</summary>
public sealed class LoraUploadFunction(LoraUploadApi api)
{
    [Function(FunctionNames.UploadLora)]
    public Task<IActionResult> UploadAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Loras)] HttpRequest request) =>
        api.UploadAsync(request);
}
