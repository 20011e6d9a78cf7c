using FaceChain.Functions.Api.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Functions.Api;

/// <summary>
/// The Functions app's HTTP routes on a plain ASP.NET Core app (`facechain serve`): the same paths under /api, the
/// same handlers, results written as the Functions host's ASP.NET Core integration writes them; plus the page at /.
/// </summary>
public static class ApiEndpoints
{
    /// <param name="api">The container that holds the handlers (<see cref="ApiServiceCollectionExtensions.AddFaceChainApi"/>).</param>
    /// <param name="client">The Durable client jobs are scheduled, read and terminated with.</param>
    public static IEndpointRouteBuilder MapFaceChainApi(this IEndpointRouteBuilder app, IServiceProvider api, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(client);
        var jobs = api.GetRequiredService<PortraitJobsApi>();
        var styles = api.GetRequiredService<StylesApi>();
        var loras = api.GetRequiredService<LoraUploadApi>();
        var faces = api.GetRequiredService<FacesApi>();
        var modes = api.GetRequiredService<ModesApi>();
        var page = api.GetRequiredService<WebPageApi>();
        var prefix = "/" + ApiRoutes.Prefix + "/";
        app.MapPost(prefix + ApiRoutes.Portraits, Handler(c => jobs.SubmitAsync(c.Request, client)));
        app.MapGet(prefix + ApiRoutes.PortraitById, Handler(c => jobs.GetAsync(c.Request, Id(c), client)));
        app.MapDelete(prefix + ApiRoutes.PortraitById, Handler(c => jobs.CancelAsync(c.Request, Id(c), client)));
        app.MapGet(prefix + ApiRoutes.Styles, Handler(c => styles.ListAsync(c.Request)));
        app.MapPost(prefix + ApiRoutes.Loras, Handler(c => loras.UploadAsync(c.Request)));
        app.MapPost(prefix + ApiRoutes.Faces, Handler(c => faces.DetectAsync(c.Request)));
        app.MapGet(prefix + ApiRoutes.Modes, Handler(c => modes.ListAsync(c.Request)));
        app.MapGet(prefix + ApiRoutes.WebPage, Handler(c => page.ServeAsync(c.Request, c.GetRouteValue("file") as string)));
        app.MapGet("/{file}", Handler(c => page.ServeAsync(c.Request, c.GetRouteValue("file") as string)));
        app.MapGet("/", Handler(c => page.ServeAsync(c.Request, null)));
        return app;
    }

    private static string Id(HttpContext context) => (string)context.GetRouteValue("id")!;

    private static RequestDelegate Handler(Func<HttpContext, Task<IActionResult>> handler) => async context =>
    {
        var result = await handler(context);
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    };
}
