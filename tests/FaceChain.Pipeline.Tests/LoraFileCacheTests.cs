using FaceChain.Diffusion.Lora;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Loras;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Submission;

namespace FaceChain.Pipeline.Tests;

/// <summary>The LoRA file cache's download and upload bound (<see cref="LoraFileCache.MaxFileBytes"/>), exact to the byte, leaving nothing behind.</summary>
public sealed class LoraFileCacheTests : IDisposable
{
    // 8-byte length prefix + 100-byte header + 200-byte data section.
    private static readonly SafetensorsLimits Limits = new() { MaxHeaderBytes = 100, MaxTotalBytes = 200 };

    private readonly string _root = Path.Combine(Path.GetTempPath(), "facechain-lora-cache-" + Guid.NewGuid().ToString("N"));
    private readonly LocalFolderBlobStore _store;
    private readonly LoraFileCache _cache;

    public LoraFileCacheTests()
    {
        _store = new LocalFolderBlobStore(Path.Combine(_root, "blobs"));
        _cache = new LoraFileCache(_store, Path.Combine(_root, "cache"), Limits);
    }

    [Fact]
    public void The_bound_is_the_length_prefix_plus_the_largest_header_and_data_the_limits_allow()
    {
        Assert.Equal(308, _cache.MaxFileBytes);
        Assert.Equal(8 + SafetensorsLimits.Default.MaxHeaderBytes + SafetensorsLimits.Default.MaxTotalBytes, new LoraFileCache(_store, _root).MaxFileBytes);
    }

    [Fact]
    public async Task A_blob_one_byte_over_the_bound_is_refused_and_nothing_is_kept_while_one_at_the_bound_is_fetched()
    {
        var over = await UploadAsync("loras/over.safetensors", _cache.MaxFileBytes + 1);
        var at = await UploadAsync("loras/at.safetensors", _cache.MaxFileBytes);

        var e = await Assert.ThrowsAsync<InvalidLoraException>(() => _cache.FetchAsync(over.Blob, expectedSha256: null));
        Assert.Equal($"the LoRA '{over.Blob}' is {_cache.MaxFileBytes + 1} bytes; the limit is {_cache.MaxFileBytes}", e.Message);
        Assert.Empty(CachedFiles());

        var fetched = await _cache.FetchAsync(at.Blob, at.Sha256);
        Assert.Equal(at.Sha256, fetched.Sha256);
        Assert.Equal(_cache.MaxFileBytes, new FileInfo(fetched.Path).Length);
        Assert.Equal([at.Sha256 + ".safetensors"], CachedFiles());
    }

    [Fact]
    public async Task An_upload_stream_longer_than_the_bound_is_cut_off_and_nothing_is_kept()
    {
        var tooLong = new byte[_cache.MaxFileBytes + 1];
        await using var stream = new MemoryStream(tooLong);

        var e = await Assert.ThrowsAsync<LoraTooLargeException>(() => _cache.AddAsync(stream));

        Assert.Equal(_cache.MaxFileBytes, e.MaxBytes);
        Assert.Empty(CachedFiles());

        var fits = new byte[_cache.MaxFileBytes];
        fits[0] = 7;
        var added = await _cache.AddAsync(new MemoryStream(fits));
        Assert.Equal(JobIdentity.Sha256Hex(fits), added.Sha256);
        Assert.Equal(fits, await File.ReadAllBytesAsync(added.Path));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was written.
        }
    }

    [Fact]
    public async Task Past_its_size_bound_the_cache_evicts_the_least_recently_used_file_and_keeps_the_one_just_used()
    {
        var cache = new LoraFileCache(_store, Path.Combine(_root, "bounded"), Limits, maxBytes: 250);
        var a = await UploadAsync("loras/a.safetensors", 100);
        var b = await UploadAsync("loras/b.safetensors", 101);
        var c = await UploadAsync("loras/c.safetensors", 102);

        await cache.FetchAsync(a.Blob, a.Sha256);
        await Task.Delay(20);
        await cache.FetchAsync(b.Blob, b.Sha256);
        await Task.Delay(20);
        await cache.FetchAsync(a.Blob, a.Sha256); // a hit: a is now more recent than b
        await Task.Delay(20);
        await cache.FetchAsync(c.Blob, c.Sha256);

        var kept = Directory.GetFiles(cache.Folder).Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { a.Sha256, c.Sha256 }.Order(StringComparer.Ordinal), kept);
        Assert.True(Directory.GetFiles(cache.Folder).Sum(f => new FileInfo(f).Length) <= cache.MaxBytes);

        // An evicted file is simply fetched again when it is next needed.
        var again = await cache.FetchAsync(b.Blob, b.Sha256);
        Assert.True(File.Exists(again.Path));
    }

    private string[] CachedFiles() =>
        Directory.Exists(_cache.Folder) ? [.. Directory.GetFiles(_cache.Folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)] : [];

    private async Task<(BlobReference Blob, string Sha256)> UploadAsync(string name, long length)
    {
        var bytes = new byte[length];
        new Random(checked((int)length)).NextBytes(bytes);
        var blob = new BlobReference(BlobLayout.Inputs, name);
        await _store.UploadAsync(blob, bytes, BlobLayout.BinaryContentType, overwrite: true);
        return (blob, JobIdentity.Sha256Hex(bytes));
    }
}
