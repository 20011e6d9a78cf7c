using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FaceChain.Functions.Api;

/// <summary>GET /api/modes as a Function (function-level key), served by the host-agnostic <see cref="ModesApi"/>.</summary>
public sealed class ModesFunction(ModesApi api)
{
    [Function(FunctionNames.ListModes)]
    public Task<IActionResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Modes)] HttpRequest request) =>
        api.ListAsync(request);
}
