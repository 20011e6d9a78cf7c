using System.Net;
using Azure.Storage.Blobs;
using FaceChain.Functions.Api;
using FaceChain.Hosting.Portraits;
using FaceChain.Inference;
using FaceChain.Pipeline;
using FaceChain.Pipeline.Engines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FaceChain.Cli;

/// <summary>
/// `facechain serve`'s server: the Functions app's HTTP API (the same handlers, from FaceChain.Functions.Api) and the web
/// page on Kestrel, over an <see cref="EmbeddedPortraitHost"/> that runs the jobs (Azure Storage backend on Azurite or
/// on an account). Output URLs are SAS URLs signed with the storage account's key, as in the Functions app. It listens
/// on loopback only: like `func start`, it checks no function keys. Disposing stops Kestrel, then the engine and Azurite.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _web;

    private ApiServer(WebApplication web, EmbeddedPortraitHost portraits, Uri endpoint)
    {
        _web = web;
        Portraits = portraits;
        Endpoint = endpoint;
    }

    /// <summary>The base URL, e.g. http://127.0.0.1:7071/ (the page; the API is under api/).</summary>
    public Uri Endpoint { get; }

    public EmbeddedPortraitHost Portraits { get; }

    /// <param name="engine">The validated engine choice (azurite or storage).</param>
    /// <param name="configureServices">Changes to the pipeline's services after the API's (tests: a gated image generator).</param>
    /// <param name="adjustPipeline">Changes to the pipeline options (tests: small limits, a test cache).</param>
    public static async Task<ApiServer> StartAsync(
        ServeOptions options, PortraitEngineChoice engine, ILoggerFactory? loggerFactory = null,
        Action<IServiceCollection>? configureServices = null, Func<FaceChainPipelineOptions, FaceChainPipelineOptions>? adjustPipeline = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engine);
        var modelSet = ModelSetChoice.Resolve(options.ModelSet, options.CacheRoot);
        var pipeline = new FaceChainPipelineOptions
        {
            ModelSet = new ModelSetOptions { Folder = modelSet.Folder, CacheRoot = options.CacheRoot },
            Models = ModelSourceOptions.FromEnvironment(options.Models),
        };
        var portraits = await EmbeddedPortraitHost.StartAsync(new EmbeddedPortraitHostOptions
        {
            Backend = engine.Kind == PortraitEngineKind.Storage ? PortraitBackend.AzureStorage : PortraitBackend.Azurite,
            StorageConnectionString = engine.Kind == PortraitEngineKind.Storage ? engine.ConnectionString : null,
            TaskHubName = options.TaskHub,
            Azurite = options.Azurite,
            Pipeline = adjustPipeline is null ? pipeline : adjustPipeline(pipeline),
            LoggerFactory = loggerFactory,
            ConfigureServices = services =>
            {
                // The storage connection is only known once Azurite runs; the host passes it to the pipeline's options.
                services.AddSingleton(sp => new BlobServiceClient(sp.GetRequiredService<FaceChainPipelineOptions>().StorageConnectionString));
                services.AddFaceChainApi();
                configureServices?.Invoke(services);
            },
        }, cancellationToken).ConfigureAwait(false);

        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            if (loggerFactory is not null)
            {
                builder.Services.AddSingleton(loggerFactory);
            }

            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
            builder.Services.AddRouting();
            var web = builder.Build();
            web.MapFaceChainApi(portraits.Services, portraits.Client);
            await web.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new ApiServer(web, portraits, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            await portraits.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _web.StopAsync().ConfigureAwait(false);
            await _web.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await Portraits.DisposeAsync().ConfigureAwait(false);
        }
    }
}
