using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Submission;

/// <summary>
/// A job's id and seed, derived from what it asks for: the canonical request JSON with each photo replaced by the
/// sha256 of its bytes. The same request with the same photo always maps to the same job, so a resubmission (or a
/// re-delivered upload event) never starts a second one; when the request has no seed, the seed comes from the same hash.
/// </summary>
public sealed record JobIdentity(string JobId, ulong Seed)
{
    public const string Prefix = "pj-";

    /// <param name="request">The validated request; its photos are ignored in favour of <paramref name="characterPhotoSha256"/>.</param>
    /// <param name="characterPhotoSha256">Lower-case hex sha256 of the character photo's bytes.</param>
    public static JobIdentity Derive(PortraitJobRequest request, string characterPhotoSha256)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(characterPhotoSha256);
        var canonical = request with
        {
            CharacterPhoto = PhotoSource.FromBlob("sha256", characterPhotoSha256),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(canonical, CanonicalOptions);
        var hash = SHA256.HashData(json);
        var jobId = Prefix + Convert.ToHexStringLower(hash.AsSpan(0, 16));
        var seed = request.Seed ?? BinaryPrimitives.ReadUInt64LittleEndian(hash.AsSpan(24, 8));
        return new JobIdentity(jobId, seed);
    }

    /// <summary>Lower-case hex sha256 of <paramref name="content"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    // Compact and fixed: the hash must not change with the indentation of the pretty document options.
    private static readonly JsonSerializerOptions CanonicalOptions = new(PipelineJson.Options) { WriteIndented = false };
}
