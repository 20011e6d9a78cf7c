using FaceChain.Functions.Api.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FaceChain.Functions.Api;

/// <summary>
/// GET /api/web/{file}: the web page and its assets, anonymous because the page holds no secret — the person using it
/// supplies a function key, which the page sends with its API calls (docs/architecture.md, "The web page").
/// </summary>
public sealed class WebPageFunction(WebPageApi page)
{
    [Function(FunctionNames.WebPage)]
    public Task<IActionResult> ServeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.WebPage)] HttpRequest request, string? file) =>
        page.ServeAsync(request, file);
}
