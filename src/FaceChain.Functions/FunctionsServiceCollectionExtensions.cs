using Azure.Core.Serialization;
using Azure.Storage.Blobs;
using FaceChain.Functions.Api;
using FaceChain.Functions.Settings;
using FaceChain.Functions.Storage;
using FaceChain.Functions.Uploads;
using FaceChain.Pipeline;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Functions;

/// <summary>The Functions app's services: the pipeline (as on the embedded engine), storage, URL signing and the API's helpers.</summary>
public static class FunctionsServiceCollectionExtensions
{
    /// <param name="adjustPipeline">Changes to the pipeline options the settings give (tests: shared models, small limits).</param>
    public static IServiceCollection AddFaceChainFunctions(this IServiceCollection services, FunctionsAppSettings settings,
        Func<FaceChainPipelineOptions, FaceChainPipelineOptions>? adjustPipeline = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        var pipeline = settings.ToPipelineOptions();
        services.AddFaceChainPipeline(adjustPipeline is null ? pipeline : adjustPipeline(pipeline));

        // One client for the pipeline's store and for signing, whichever form the storage setting takes (the pipeline's
        // own registration only knows connection strings); registered after AddFaceChainPipeline, so it wins.
        services.AddAzureClientsCore();
        services.AddSingleton(sp => BlobServiceClientFactory.Create(settings, () => sp.GetRequiredService<AzureComponentFactory>()
            .CreateTokenCredential(sp.GetRequiredService<IConfiguration>().GetSection(AppSettingNames.StorageConnection))));
        services.AddSingleton<IBlobStore>(sp => new AzureBlobStore(sp.GetRequiredService<BlobServiceClient>()));
        if (settings.StorageConnectionString is null && settings.QueueServiceUri is { } queueServiceUri)
        {
            services.AddSingleton(sp => DiffusionQueues.FromServiceUri(queueServiceUri, sp.GetRequiredService<AzureComponentFactory>()
                .CreateTokenCredential(sp.GetRequiredService<IConfiguration>().GetSection(AppSettingNames.StorageConnection))));
        }

        services.AddFaceChainApi();
        services.AddSingleton<UploadJobStarter>();
        services.AddHostedService<StorageLayoutInitializer>();

        // Activity inputs/outputs and HTTP bodies share the pipeline's JSON form (camelCase, enums as names, seeds as strings).
        services.Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(PipelineJson.Options));
        return services;
    }
}
