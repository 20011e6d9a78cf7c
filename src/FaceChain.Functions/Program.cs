using FaceChain.Functions;
using FaceChain.Functions.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var host = new HostBuilder()
    .ConfigureFunctionsWebApplication()
    .ConfigureServices((context, services) => services.AddFaceChainFunctions(FunctionsAppSettings.FromConfiguration(context.Configuration)))
    .Build();

await host.RunAsync();
