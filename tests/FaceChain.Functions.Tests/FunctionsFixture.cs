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

    private readonly SemaphoreSlim _serveStart = new(1, 1);
    private AzuriteProcess? _azurite;
    private ServeApiHost? _serve;

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

    /// <summary>One `facechain serve` for the cases that schedule nothing (started on first use, stopped with the fixture).</summary>
    public async Task<ServeApiHost> SharedServeHostAsync()
    {
        await _serveStart.WaitAsync();
        try
        {
            return _serve ??= await ServeApiHost.StartAsync(this);
        }
        finally
        {
            _serveStart.Release();
        }
    }

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        await Store.CreateLayoutContainersAsync();
    }

    public async Task DisposeAsync()
    {
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }

        _serveStart.Dispose();
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
