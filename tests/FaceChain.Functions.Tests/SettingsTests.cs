using FaceChain.Functions.Settings;
using FaceChain.Functions.Storage;
using FaceChain.Pipeline.GpuQueue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Functions.Tests;

/// <summary>App settings as Core Tools or the deployment provide them, and what they turn into.</summary>
public sealed class SettingsTests
{
    private static IConfiguration Configuration(params (string Setting, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(AppSettingNames.ConfigurationKey(s.Setting), s.Value)))
            .Build();

    [Fact]
    public void Core_tools_settings_give_azurite_the_default_hub_and_the_tiny_model_set()
    {
        var settings = FunctionsAppSettings.FromConfiguration(Configuration(
            (AppSettingNames.StorageConnection, "UseDevelopmentStorage=true"), (AppSettingNames.ModelSetName, "tiny"), (AppSettingNames.ModelCachePath, "/tmp/fc")));
        var pipeline = settings.ToPipelineOptions();

        Assert.Equal(("UseDevelopmentStorage=true", "FaceChain", DiffusionBackend.InProcess), (settings.StorageConnectionString, settings.TaskHubName, settings.DiffusionBackend));
        Assert.Equal(("UseDevelopmentStorage=true", "/tmp/fc", (string?)null), (pipeline.StorageConnectionString, pipeline.ModelSet.CacheRoot, pipeline.ModelSet.Folder));
    }

    [Fact]
    public void A_named_model_set_is_a_folder_under_the_model_cache()
    {
        var settings = FunctionsAppSettings.FromConfiguration(Configuration(
            (AppSettingNames.StorageConnection, "UseDevelopmentStorage=true"), (AppSettingNames.ModelSetName, "sd15-fact"), (AppSettingNames.ModelCachePath, "/models"),
            (AppSettingNames.TaskHubName, "OtherHub")));

        Assert.Equal(Path.Combine("/models", "sd15-fact"), settings.ToPipelineOptions().ModelSet.Folder);
        Assert.Equal("OtherHub", settings.TaskHubName);
    }

    [Fact]
    public void Identity_based_storage_signs_output_urls_with_a_user_delegation_key()
    {
        var configuration = Configuration(
            (AppSettingNames.StorageConnection + "__blobServiceUri", "https://account.blob.core.windows.net"),
            (AppSettingNames.StorageConnection + "__credential", "managedidentity"),
            (AppSettingNames.StorageConnection + "__clientId", "00000000-0000-0000-0000-000000000001"));
        var settings = FunctionsAppSettings.FromConfiguration(configuration);
        var services = new ServiceCollection().AddSingleton(configuration).AddFaceChainFunctions(settings).BuildServiceProvider();

        Assert.Equal(new Uri("https://account.blob.core.windows.net"), settings.BlobServiceUri);
        Assert.IsType<UserDelegationSasUrlSigner>(services.GetRequiredService<IBlobUrlSigner>());
    }

    [Fact]
    public void A_connection_string_with_an_account_key_signs_with_the_key()
    {
        var settings = FunctionsAppSettings.FromConfiguration(Configuration((AppSettingNames.StorageConnection, "UseDevelopmentStorage=true")));
        var services = new ServiceCollection().AddSingleton(Configuration()).AddFaceChainFunctions(settings).BuildServiceProvider();

        Assert.IsType<SharedKeySasUrlSigner>(services.GetRequiredService<IBlobUrlSigner>());
    }

    [Fact]
    public void Missing_storage_is_refused_naming_the_setting()
    {
        var e = Assert.Throws<InvalidOperationException>(() => FunctionsAppSettings.FromConfiguration(Configuration()));

        Assert.Contains(AppSettingNames.StorageConnection, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_backend_is_refused_and_the_queue_backend_asks_the_worker_for_the_named_model_set()
    {
        var unknown = Assert.Throws<InvalidOperationException>(() => FunctionsAppSettings.FromConfiguration(Configuration(
            (AppSettingNames.StorageConnection, "UseDevelopmentStorage=true"), (AppSettingNames.DiffusionBackend, "Quantum"))));
        var queue = FunctionsAppSettings.FromConfiguration(Configuration(
            (AppSettingNames.StorageConnection, "UseDevelopmentStorage=true"), (AppSettingNames.DiffusionBackend, "Queue"), (AppSettingNames.ModelSetName, "sd15-fact")));

        Assert.Contains(AppSettingNames.DiffusionBackend, unknown.Message, StringComparison.Ordinal);
        Assert.Equal(DiffusionBackend.Queue, queue.DiffusionBackend);
        var pipeline = queue.ToPipelineOptions();
        Assert.Equal((DiffusionBackend.Queue, "sd15-fact"), (pipeline.DiffusionBackend, pipeline.QueuedGeneration.ModelSetName));
    }
}
