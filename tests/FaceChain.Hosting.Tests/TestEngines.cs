using FaceChain.Hosting.Tests.Samples;
using FaceChain.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Hosting.Tests;

/// <summary>Starts engines for the sample tasks, each Azure Storage engine on its own task hub in the shared Azurite.</summary>
internal static class TestEngines
{
    public const string AzureStorage = "AzureStorage";
    public const string InMemory = "InMemory";

    /// <summary>Upper bound for any single wait in a test, so a broken engine fails instead of hanging the run.</summary>
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    public static string NewTaskHubName() => "T" + Guid.NewGuid().ToString("N");

    public static ServiceProvider Services(ExecutionLog log) =>
        new ServiceCollection().AddSingleton(log).BuildServiceProvider();

    public static AzureStorageEngineOptions StorageOptions(AzuriteFixture azurite, string taskHubName) => new()
    {
        ConnectionString = azurite.ConnectionString,
        TaskHubName = taskHubName,
        StopTimeout = TimeSpan.FromSeconds(20),
    };

    public static async Task<IDurableEngine> StartAsync(string backend, AzuriteFixture azurite, IServiceProvider services)
    {
        IDurableEngine engine = backend switch
        {
            AzureStorage => new AzureStorageDurableEngine(StorageOptions(azurite, NewTaskHubName()), SampleTasks.Registrations(), services),
            InMemory => new InMemoryDurableEngine(SampleTasks.Registrations(), services),
            _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "unknown backend"),
        };
        await engine.StartAsync();
        return engine;
    }

    public static CancellationToken Limit() => new CancellationTokenSource(WaitLimit).Token;
}
