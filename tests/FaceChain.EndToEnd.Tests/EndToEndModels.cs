using FaceChain.Hosting;
using FaceChain.Hosting.Portraits;
using FaceChain.Inference;
using FaceChain.Pipeline;
using FaceChain.Pipeline.Engines;
using FaceChain.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.EndToEnd.Tests;

/// <summary>
/// The real vision models from ../shared and the generated tiny model set in a temporary cache, with one ONNX session
/// cache that every host of the run shares (so a second host on the same task hub opens no model again).
/// </summary>
public sealed class EndToEndModels : IDisposable
{
    public EndToEndModels()
    {
        Root = Path.Combine(Path.GetTempPath(), "facechain-e2e-" + Guid.NewGuid().ToString("N"));
        Sessions = new OnnxSessionCache(new InferenceOptions());
        Pipeline = new FaceChainPipelineOptions
        {
            ModelSet = new ModelSetOptions { CacheRoot = Path.Combine(Root, "cache"), TokenizerFolder = SharedAssets.TokenizerFolder },
            Models = SharedAssets.Resolver().Options,
            Inference = Sessions.Options,
        };
    }

    public string Root { get; }

    public OnnxSessionCache Sessions { get; }

    public FaceChainPipelineOptions Pipeline { get; }

    /// <summary>Host options on the Azure Storage backend of <paramref name="connectionString"/>, sharing this fixture's sessions.</summary>
    public EmbeddedPortraitHostOptions StorageHost(
        string connectionString,
        string taskHubName,
        Action<IServiceCollection>? replace = null,
        Func<AzureStorageEngineOptions, AzureStorageEngineOptions>? tune = null) => new()
        {
            Backend = PortraitBackend.AzureStorage,
            StorageConnectionString = connectionString,
            TaskHubName = taskHubName,
            Pipeline = Pipeline,
            ConfigureStorageEngine = tune,
            ConfigureServices = services =>
            {
                services.AddSingleton(Sessions);
                replace?.Invoke(services);
            },
        };

    public static string NewTaskHubName() => "E2E" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        Sessions.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
