namespace FaceChain.Functions.Settings;

/// <summary>
/// The app settings the Functions app reads, spelled as infra/names.json and the Bicep deployment spell them
/// (environment-variable form: "__" separates sections).
/// </summary>
public static class AppSettingNames
{
    public const string StorageConnection = "AzureWebJobsStorage";
    public const string TaskHubName = "FaceChain__TaskHubName";
    public const string ModelSetName = "FaceChain__ModelSetName";
    public const string ModelCachePath = "FaceChain__ModelCachePath";
    public const string DiffusionBackend = "FaceChain__DiffusionBackend";

    /// <summary>The <see cref="Microsoft.Extensions.Configuration.IConfiguration"/> key of a setting ("__" becomes ":").</summary>
    public static string ConfigurationKey(string settingName)
    {
        ArgumentException.ThrowIfNullOrEmpty(settingName);
        return settingName.Replace("__", ":", StringComparison.Ordinal);
    }
}
