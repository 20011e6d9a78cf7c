using FaceChain.Pipeline.Styles;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FaceChain.Functions.Api;

/// <summary>GET /api/styles: the styles a job may name.</summary>
public sealed class StylesFunction(StyleCatalog styles)
{
    [Function(FunctionNames.ListStyles)]
    public IActionResult List([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Styles)] HttpRequest request) =>
        ApiJsonResult.Ok(new StyleList([.. styles.All.Select(s => new StyleView(s.Id, s.DisplayName, s.DefaultFaceScale, s.Lora is not null))]));
}
