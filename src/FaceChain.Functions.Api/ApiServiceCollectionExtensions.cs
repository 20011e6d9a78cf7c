using Azure.Storage.Blobs;
using FaceChain.Functions.Api.Web;
using FaceChain.Functions.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Functions.Api;

/// <summary>The HTTP API's handlers and their helpers, for any host that has the pipeline (AddFaceChainPipeline) and a <see cref="BlobServiceClient"/>.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddFaceChainApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Shared-key SAS where the client has the account key (connection strings, Azurite), user-delegation SAS otherwise.
        services.AddSingleton<IBlobUrlSigner>(sp => sp.GetRequiredService<BlobServiceClient>() is { CanGenerateAccountSasUri: true } keyed
            ? new SharedKeySasUrlSigner(keyed)
            : new UserDelegationSasUrlSigner(sp.GetRequiredService<BlobServiceClient>()));
        services.AddSingleton<JobSubmitterFactory>();
        services.AddSingleton<JobStatusReader>();
        services.AddSingleton<PortraitJobsApi>();
        services.AddSingleton<StylesApi>();
        services.AddSingleton<LoraUploadApi>();
        services.AddSingleton<FacesApi>();
        services.AddSingleton<ModesApi>();
        services.AddSingleton<WebPageApi>();
        return services;
    }
}
