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

    /// <summary>Separates a job id from its run number in the ids of re-runs (<c>pj-…-r2</c>).</summary>
    public const string RunSeparator = "-r";

    /// <summary>How many runs one request and photo may have; a job that failed this often is not started again.</summary>
    public const int MaxRuns = 99;

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

    /// <summary>
    /// The instance id of run <paramref name="run"/> (1-based) of the job <paramref name="jobId"/>: the first run keeps the
    /// job id, later runs (after a failed or cancelled one) append <see cref="RunSeparator"/> and the number, so their
    /// history and outputs never mix with an earlier run's.
    /// </summary>
    public static string RunId(string jobId, int run)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentOutOfRangeException.ThrowIfLessThan(run, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(run, MaxRuns);
        return run == 1 ? jobId : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{jobId}{RunSeparator}{run}");
    }

    /// <summary>Lower-case hex sha256 of <paramref name="content"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    // Compact and fixed: the hash must not change with the indentation of the pretty document options.
    private static readonly JsonSerializerOptions CanonicalOptions = new(PipelineJson.Options) { WriteIndented = false };
}
