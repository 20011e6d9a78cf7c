using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace FaceChain.Inference;

/// <summary>
/// Verifies files against a pinned size and sha256. Results are remembered per (path, size, mtime)
/// so a process hashes a multi-gigabyte model once, not on every session it opens.
/// </summary>
public static class FileHashVerifier
{
    private static readonly ConcurrentDictionary<(string Path, long Size, DateTime Modified), string> VerifiedHashes = new();

    /// <summary>Lower-case hex sha256 of a file.</summary>
    public static string ComputeSha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Throws <see cref="ModelIntegrityException"/> naming the file when size or hash differ.</summary>
    public static void Verify(string path, string expectedSha256, long? expectedSize = null)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"model file '{path}' does not exist", path);
        }

        if (expectedSize is { } size && info.Length != size)
        {
            throw new ModelIntegrityException(path, $"{size} bytes", $"{info.Length} bytes");
        }

        var key = (info.FullName, info.Length, info.LastWriteTimeUtc);
        var actual = VerifiedHashes.GetOrAdd(key, k => ComputeSha256(k.Path));
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            VerifiedHashes.TryRemove(key, out _);
            throw new ModelIntegrityException(path, $"sha256 {expectedSha256.ToLowerInvariant()}", $"sha256 {actual}");
        }
    }
}
