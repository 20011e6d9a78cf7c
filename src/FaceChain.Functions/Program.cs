using FaceChain.Functions;
using FaceChain.Functions.Settings;
using FaceChain.Pipeline.Engines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var host = new HostBuilder()
    .ConfigureFunctionsWebApplication()
    .ConfigureServices((context, services) => services.AddFaceChainFunctions(FunctionsAppSettings.FromConfiguration(context.Configuration)))
    .Build();

// The face models are resolved (downloaded where missing) before the first invocation, asynchronously; the model set is
// fetched at first use instead (it can be gigabytes, longer than the worker may take to start).
await FaceModels.PrefetchAsync(host.Services, host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FaceChain.Functions.Startup"));
await host.RunAsync();
