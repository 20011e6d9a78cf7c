using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FaceChain.Functions.Api;

/// <summary>GET /api/styles as a Function (function-level key), served by the host-agnostic <see cref="StylesApi"/>.</summary>
public sealed class StylesFunction(StylesApi api)
{
    [Function(FunctionNames.ListStyles)]
    public Task<IActionResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Styles)] HttpRequest request) =>
        api.ListAsync(request);
}
