using Azure.Monitor.OpenTelemetry.AspNetCore;
using FaceChain.GpuWorker;
using FaceChain.GpuWorker.Host;
using FaceChain.Inference;
using FaceChain.Pipeline.Engines;
using FaceChain.Vision;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = WebApplication.CreateSlimBuilder(args);

// Container Apps stops a replica with SIGTERM and a 30 s grace period: finish the running job inside it or release it.
builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(25));
var settings = WorkerSettings.From(builder.Configuration);
builder.Services.AddSingleton(settings);
if (settings.ApplicationInsightsConnectionString is { } applicationInsights)
{
    // Logs, request/dependency traces and metrics to Application Insights besides the console. With a managed identity
    // the exporter authenticates with Entra ID (the deployment grants Monitoring Metrics Publisher), as the Functions app does.
    builder.Services.AddOpenTelemetry().UseAzureMonitor(options =>
    {
        options.ConnectionString = applicationInsights;
        if (settings.Credential is { } credential)
        {
            options.Credential = credential;
        }
    });
}

builder.Services.AddSingleton(sp => new OnnxSessionCache(settings.Inference, sp.GetService<ILogger<OnnxSessionCache>>()));
builder.Services.AddSingleton(sp => new DiffusionWorker(
    settings.Worker,
    settings.Queues,
    settings.BlobStore(),
    settings.ModelCache(),
    sp.GetRequiredService<OnnxSessionCache>(),
    settings.TokenizerFolder,
    logger: sp.GetService<ILogger<DiffusionWorker>>(),
    // YuNet and MobileFaceNet come as the Functions app's do (FACECHAIN_MODELS, the cache, else download), at the first redraw.
    createFaceDetector: () =>
    {
        var resolver = new ModelResolver(ModelSourceOptions.FromEnvironment());
        var sessions = sp.GetRequiredService<OnnxSessionCache>();
        return new VisionFaceAnalysis(new SafeImageLoader(), FaceAnalyzer.Create(resolver, sessions), FaceIdentityEncoder.Create(resolver, sessions));
    }));
builder.Services.AddHostedService<GpuWorkerService>();

var app = builder.Build();
app.MapGpuWorkerHealth(app.Services.GetRequiredService<DiffusionWorker>().Readiness);
await app.RunAsync();
