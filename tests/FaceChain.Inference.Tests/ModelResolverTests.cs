using FaceChain.Inference;
using FaceChain.Testing;

namespace FaceChain.Inference.Tests;

public sealed class ModelResolverTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("facechain-resolver-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Every_known_model_resolves_from_the_shared_folder_and_verifies()
    {
        var resolver = SharedAssets.Resolver();
        foreach (var model in KnownModels.All)
        {
            var path = resolver.Resolve(model);
            Assert.Equal(model.SizeBytes, new FileInfo(path).Length);
            Assert.StartsWith(SharedAssets.ModelsFolder, path, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Configured_folder_wins_over_offline_folders()
    {
        var model = KnownModels.YuNetFaceDetector;
        CopyShared(model, _temp);
        var resolver = new ModelResolver(new ModelSourceOptions
        {
            ModelsFolder = _temp,
            CacheFolder = Path.Combine(_temp, "cache"),
            OfflineFolders = [SharedAssets.ModelsFolder],
            AllowDownload = false,
        });

        Assert.Equal(Path.Combine(_temp, model.RelativePath), resolver.Resolve(model));
    }

    [Fact]
    public void A_corrupted_copy_is_an_error_that_names_the_file()
    {
        var model = KnownModels.YuNetFaceDetector;
        var path = CopyShared(model, _temp);
        using (var stream = File.OpenWrite(path))
        {
            stream.Position = 1000;
            stream.WriteByte(0x42);
        }

        var resolver = new ModelResolver(new ModelSourceOptions
        {
            ModelsFolder = _temp,
            CacheFolder = Path.Combine(_temp, "cache"),
            OfflineFolders = [SharedAssets.ModelsFolder],
            AllowDownload = false,
        });

        var error = Assert.Throws<ModelIntegrityException>(() => resolver.Resolve(model));
        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(model.Sha256, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_copy_fails_on_size_before_hashing()
    {
        var model = KnownModels.MobileFaceNet;
        var path = Path.Combine(_temp, model.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, File.ReadAllBytes(SharedAssets.ModelPath(model)).AsSpan(0, 1000).ToArray());

        var resolver = new ModelResolver(new ModelSourceOptions { ModelsFolder = _temp, CacheFolder = _temp, AllowDownload = false });

        var error = Assert.Throws<ModelIntegrityException>(() => resolver.Resolve(model));
        Assert.Contains("1000 bytes", error.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_model_without_a_source_says_where_it_looked()
    {
        var resolver = new ModelResolver(new ModelSourceOptions { ModelsFolder = _temp, CacheFolder = Path.Combine(_temp, "cache"), AllowDownload = false });

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => resolver.ResolveAsync(KnownModels.Taef2Decoder));

        Assert.Equal(KnownModels.Taef2Decoder.Id, error.ModelId);
        Assert.Contains(ModelSourceOptions.ModelsFolderVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains(_temp, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_download_lands_in_the_cache_only_after_it_verifies()
    {
        var model = KnownModels.YuNetSmallFaceDetector;
        var good = await File.ReadAllBytesAsync(SharedAssets.ModelPath(model));
        var cache = Path.Combine(_temp, "cache");

        using var goodClient = new HttpClient(new FixedResponseHandler(good));
        var resolver = new ModelResolver(new ModelSourceOptions { CacheFolder = cache }, goodClient);
        var path = await resolver.ResolveAsync(model);
        Assert.Equal(Path.Combine(cache, model.RelativePath), path);
        Assert.Equal(good, await File.ReadAllBytesAsync(path));

        var tampered = (byte[])good.Clone();
        tampered[^1] ^= 0xFF;
        var otherCache = Path.Combine(_temp, "cache2");
        using var badClient = new HttpClient(new FixedResponseHandler(tampered));
        var badResolver = new ModelResolver(new ModelSourceOptions { CacheFolder = otherCache }, badClient);
        await Assert.ThrowsAsync<ModelIntegrityException>(() => badResolver.ResolveAsync(model));
        Assert.False(File.Exists(Path.Combine(otherCache, model.RelativePath)));
        Assert.Empty(Directory.GetFiles(otherCache, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_unreachable_source_is_reported_as_not_found()
    {
        using var client = new HttpClient(new FailingHandler());
        var resolver = new ModelResolver(new ModelSourceOptions { CacheFolder = Path.Combine(_temp, "cache") }, client);

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => resolver.ResolveAsync(KnownModels.YuNetFaceDetector));

        Assert.Contains("download", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_synchronous_resolve_downloads_through_the_synchronous_http_api_never_by_blocking_on_the_asynchronous_one()
    {
        var model = KnownModels.YuNetSmallFaceDetector;
        var good = File.ReadAllBytes(SharedAssets.ModelPath(model));
        var cache = Path.Combine(_temp, "cache-sync");
        using var client = new HttpClient(new SynchronousOnlyHandler(good));
        var resolver = new ModelResolver(new ModelSourceOptions { CacheFolder = cache }, client);

        var path = resolver.Resolve(model);

        Assert.Equal(Path.Combine(cache, model.RelativePath), path);
        Assert.Equal(good, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Prefetching_at_start_up_puts_every_model_on_disk_so_the_synchronous_resolve_makes_no_request()
    {
        var models = new[] { KnownModels.YuNetSmallFaceDetector, KnownModels.MobileFaceNet };
        var cache = Path.Combine(_temp, "cache-prefetch");
        var handler = new CountingHandler(models.ToDictionary(m => m.UpstreamUrl!, m => File.ReadAllBytes(SharedAssets.ModelPath(m))));
        using var client = new HttpClient(handler);
        var resolver = new ModelResolver(new ModelSourceOptions { CacheFolder = cache }, client);

        var paths = await resolver.PrefetchAsync(models);
        var requestsAfterPrefetch = handler.Requests;

        Assert.Equal(2, requestsAfterPrefetch);
        Assert.Equal(paths, models.Select(resolver.Resolve));
        Assert.Equal(requestsAfterPrefetch, handler.Requests);
    }

    [Fact]
    public void Known_model_lookup_is_by_logical_id()
    {
        Assert.Same(KnownModels.MobileFaceNet, KnownModels.Find("face_recognition/mobilefacenet"));
        var error = Assert.Throws<ModelNotFoundException>(() => KnownModels.Find("nope"));
        Assert.Contains("face_detection/yunet_n", error.Message, StringComparison.Ordinal);
    }

    private static string CopyShared(ModelDescriptor model, string folder)
    {
        var target = Path.Combine(folder, model.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(SharedAssets.ModelPath(model), target);
        return target;
    }

    private sealed class FixedResponseHandler(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(body) });
    }

    /// <summary>Answers only synchronous sends: an asynchronous request (what blocking on ResolveAsync would make) fails the test.</summary>
    private sealed class SynchronousOnlyHandler(byte[] body) : HttpMessageHandler
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
            new(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(body) };

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("an asynchronous request from synchronous code");
    }

    private sealed class CountingHandler(IReadOnlyDictionary<Uri, byte[]> bodies) : HttpMessageHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(bodies[request.RequestUri!]) });
        }
    }

    private sealed class FailingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("network unreachable");
    }
}
