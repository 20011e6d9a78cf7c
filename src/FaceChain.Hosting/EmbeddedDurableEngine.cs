using Microsoft.Extensions.Logging;

namespace FaceChain.Hosting;

/// <summary>Chooses the embedded backend: Azure Storage when a connection is configured, in-memory otherwise.</summary>
public static class EmbeddedDurableEngine
{
    /// <param name="storage">Azure Storage (or Azurite) settings; null selects the in-memory engine.</param>
    public static IDurableEngine Create(
        DurableTaskRegistrations registrations,
        IServiceProvider services,
        AzureStorageEngineOptions? storage,
        ILoggerFactory? loggerFactory = null) =>
        storage is null
            ? new InMemoryDurableEngine(registrations, services, loggerFactory)
            : new AzureStorageDurableEngine(storage, registrations, services, loggerFactory);
}
