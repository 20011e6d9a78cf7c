using Azure.Storage.Blobs;
using FaceChain.Functions.Settings;
using FaceChain.Hosting;
using FaceChain.Inference;
using FaceChain.Pipeline;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;

namespace FaceChain.Functions.Tests;

/// <summary>
/// One Azurite (loopback, in-memory, from the repository's npm dependency) with the pipeline's containers, the real
/// vision models from ../shared and the generated tiny model set, shared by every test that runs the Functions classes.
/// </summary>
public sealed class FunctionsFixture : IAsyncLifetime
{
    /// <summary>Small enough that the oversized-photo cases stay cheap, large enough for every shared single portrait.</summary>
    public const int MaxInlinePhotoBytes = 900 * 1024;

    private AzuriteProcess? _azurite;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "facechain-functions-tests-" + Guid.NewGuid().ToString("N"));

    public OnnxSessionCache Sessions { get; } = new(new InferenceOptions());

    public ModelResolver Resolver { get; } = SharedAssets.Resolver();

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not been started");

    /// <summary>The app settings as local.settings.json gives them under Core Tools (Azurite, default task hub).</summary>
    public FunctionsAppSettings Settings => new() { StorageConnectionString = Azurite.ConnectionString };

    public BlobServiceClient BlobService => new(Azurite.ConnectionString);

    public AzureBlobStore Store => new(BlobService);

    public FaceChainPipelineOptions AdjustPipeline(FaceChainPipelineOptions options) => options with
    {
        ModelSet = new ModelSetOptions { CacheRoot = Path.Combine(Root, "cache"), TokenizerFolder = SharedAssets.TokenizerFolder },
        Models = Resolver.Options,
        Inference = Sessions.Options,
        Limits = options.Limits with { MaxInlinePhotoBytes = MaxInlinePhotoBytes },
    };

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        await Store.CreateLayoutContainersAsync();
    }

    public async Task DisposeAsync()
    {
        Sessions.Dispose();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

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
