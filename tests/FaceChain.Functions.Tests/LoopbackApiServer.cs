using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Functions.Tests;

/// <summary>
/// The app's HTTP functions behind a real HTTP listener on 127.0.0.1, for clients that speak HTTP (the `facechain submit`
/// command). Routes and the function-key check stand in for what the Functions host does: each request goes to the same
/// function method the host would call, and a missing or wrong <c>x-functions-key</c> is a bare 401, as in Azure.
/// </summary>
public sealed class LoopbackApiServer : IAsyncDisposable
{
    public const string FunctionKey = "loopback-test-key";

    private readonly WebApplication _app;

    private LoopbackApiServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<LoopbackApiServer> StartAsync(FunctionsTestHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRouting();
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers["x-functions-key"] != FunctionKey)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });
        app.MapPost("/api/portraits", Handler(context => host.Api.SubmitAsync(context.Request, host.Client)));
        app.MapGet("/api/portraits/{id}", Handler(context => host.Api.GetAsync(context.Request, Id(context), host.Client)));
        app.MapDelete("/api/portraits/{id}", Handler(context => host.Api.CancelAsync(context.Request, Id(context), host.Client)));
        app.MapGet("/api/styles", Handler(context => host.Styles.ListAsync(context.Request)));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackApiServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Id(HttpContext context) => (string)context.GetRouteValue("id")!;

    /// <summary>Runs a function method and writes its result the way the Functions host's ASP.NET Core integration does.</summary>
    private static RequestDelegate Handler(Func<HttpContext, Task<IActionResult>> function) => async context =>
    {
        var result = await function(context);
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    };
}
