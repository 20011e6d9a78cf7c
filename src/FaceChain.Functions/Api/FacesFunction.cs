using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FaceChain.Functions.Api;

/// <summary>POST /api/faces as a Function (function-level key), served by the host-agnostic <see cref="FacesApi"/>.</summary>
public sealed class FacesFunction(FacesApi api)
{
    [Function(FunctionNames.AnalyzeFaces)]
    public Task<IActionResult> DetectAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Faces)] HttpRequest request) =>
        api.DetectAsync(request);
}
