using System.Security.Cryptography;
using FaceChain.Diffusion.Lora;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Pipeline.Loras;

/// <summary>
/// LoRA blobs copied to a local folder as <c>{sha256}.safetensors</c>, because <see cref="SafetensorsFile"/> reads by
/// position from a file. Content-addressed: a LoRA whose sha256 is known is fetched from storage once per process
/// folder, however many images or jobs use it. Downloads are bounded by <see cref="Limits"/> (header + data), streamed to
/// a temporary file (never held in memory) and moved into place once hashed, so a reader never sees half a file.
/// The folder is bounded by <see cref="MaxBytes"/>: after each new file, the least recently used others are deleted until
/// the rest fit (a file's modification time is its last use, set on every hit, so the order survives restarts). A file
/// deleted while a reader has it open stays readable to that reader; the next user fetches it again.
/// </summary>
public sealed class LoraFileCache
{
    private const string Extension = ".safetensors";

    /// <summary>The default bound: a few dozen typical LoRAs (10–200 MB each), well under a host's local disk.</summary>
    public const long DefaultMaxBytes = 8L * 1024 * 1024 * 1024;

    private readonly IBlobStore _store;

    private readonly Lock _evicting = new();

    public LoraFileCache(IBlobStore store, string folder, SafetensorsLimits? limits = null, long maxBytes = DefaultMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        MaxBytes = maxBytes;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
        Limits = limits ?? SafetensorsLimits.Default;
    }

    public string Folder { get; }

    public SafetensorsLimits Limits { get; }

    /// <summary>Total size of cached files above which the least recently used are evicted (the newest file always stays).</summary>
    public long MaxBytes { get; }

    /// <summary>Largest LoRA blob read: the length prefix, the largest header and the largest data section the limits allow.</summary>
    public long MaxFileBytes => 8 + Limits.MaxHeaderBytes + Limits.MaxTotalBytes;

    /// <summary>
    /// The local copy of <paramref name="blob"/>. With <paramref name="expectedSha256"/> a cached copy is used as is; a
    /// download whose bytes hash differently is refused (<see cref="InvalidLoraException"/>) and not kept.
    /// </summary>
    public async Task<LocalLoraFile> FetchAsync(BlobReference blob, string? expectedSha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (expectedSha256 is not null && File.Exists(PathOf(expectedSha256)) && Touch(PathOf(expectedSha256)))
        {
            return new LocalLoraFile(PathOf(expectedSha256), expectedSha256.ToLowerInvariant());
        }

        return await StoreAsync(async file =>
        {
            try
            {
                await _store.DownloadToAsync(blob, file, MaxFileBytes, cancellationToken);
            }
            catch (BlobTooLargeException e)
            {
                throw new InvalidLoraException($"the LoRA '{blob}' is {e.Size} bytes; the limit is {MaxFileBytes}", e);
            }
        }, blob.ToString(), expectedSha256, cancellationToken);
    }

    /// <summary>
    /// Copies an uploaded LoRA (e.g. an HTTP body) into the cache as <c>{sha256}.safetensors</c>, reading at most
    /// <see cref="MaxFileBytes"/>: a longer stream is cut off and refused with <see cref="LoraTooLargeException"/>, and
    /// nothing is kept. The file is not validated here (<see cref="LoraPlanner.Load"/> does that).
    /// </summary>
    public Task<LocalLoraFile> AddAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return StoreAsync(async file =>
        {
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > MaxFileBytes)
                {
                    throw new LoraTooLargeException(null, MaxFileBytes);
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }, "the upload", expectedSha256: null, cancellationToken);
    }

    /// <summary>Fills a temporary file, hashes it and moves it into place under its sha256; a failure leaves nothing behind.</summary>
    private async Task<LocalLoraFile> StoreAsync(Func<FileStream, Task> fill, string what, string? expectedSha256, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var temporary = Path.Combine(Folder, $".download.{Guid.NewGuid():N}.tmp");
        try
        {
            string sha256;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20, useAsync: true))
            {
                await fill(file);
                file.Position = 0;
                sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
            }

            if (expectedSha256 is not null && !string.Equals(sha256, expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidLoraException($"the LoRA '{what}' has sha256 {sha256}, not the {expectedSha256.ToLowerInvariant()} it was checked with");
            }

            var path = PathOf(sha256);
            if (!File.Exists(path))
            {
                // Same name, same bytes: a copy another caller put there first (and may be reading) is left alone.
                File.Move(temporary, path, overwrite: true);
            }

            Touch(path);
            Evict(keep: path);
            return new LocalLoraFile(path, sha256);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Drops the local copy of a file found unusable, so a bad upload does not occupy the disk.</summary>
    public void Forget(string sha256)
    {
        try
        {
            File.Delete(PathOf(sha256));
        }
        catch (IOException)
        {
            // Another reader may still hold it open; it is only disk space.
        }
    }

    /// <summary>Marks a cached file as just used; false when it vanished meanwhile (evicted by another caller).</summary>
    private static bool Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Deletes least recently used files until the folder fits <see cref="MaxBytes"/>; <paramref name="keep"/> is never deleted.</summary>
    private void Evict(string keep)
    {
        lock (_evicting)
        {
            var files = new DirectoryInfo(Folder).GetFiles("*" + Extension)
                .OrderByDescending(file => file.LastWriteTimeUtc)
                .ToList();
            var total = files.Sum(file => file.Length);
            foreach (var oldest in Enumerable.Reverse(files))
            {
                if (total <= MaxBytes)
                {
                    break;
                }

                if (string.Equals(oldest.FullName, keep, StringComparison.Ordinal))
                {
                    continue;
                }

                // Read before deleting: a deleted FileInfo no longer knows its length.
                var length = oldest.Length;
                try
                {
                    oldest.Delete();
                    total -= length;
                }
                catch (IOException)
                {
                    // Gone already, or briefly locked: the next eviction tries again.
                }
            }
        }
    }

    private string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"'{sha256}' is not a sha256 in hex", nameof(sha256));
        }

        return Path.Combine(Folder, sha256.ToLowerInvariant() + Extension);
    }
}
