using FaceChain.Functions.Api;
using FaceChain.Pipeline.Contracts;

namespace FaceChain.Functions.Uploads;

/// <summary>
/// How blob names under inputs/ are read: <c>job.json</c> is a manifest, image extensions are photos; anything under a
/// folder named like a job id is the pipeline's own copy of a photo and anything under <c>loras/</c> an uploaded LoRA
/// (neither must ever start a job itself).
/// </summary>
public static class UploadNames
{
    public const string ManifestFileName = "job.json";

    private static readonly HashSet<string> PhotoExtensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".webp", ".bmp" };

    public static bool IsManifest(string name) => string.Equals(FileName(name), ManifestFileName, StringComparison.Ordinal);

    public static bool IsPhoto(string name) => PhotoExtensions.Contains(Path.GetExtension(FileName(name)));

    /// <summary>True for inputs/{jobId}/…, where <see cref="Pipeline.Submission.PortraitJobSubmitter"/> stores each job's photo.</summary>
    public static bool IsPipelineOwned(string name) => JobIdFormat.IsWellFormed(name.Split('/')[0]);

    /// <summary>The folder part of a name ("" at the top level), without the trailing '/'.</summary>
    public static string Folder(string name)
    {
        var slash = name.LastIndexOf('/');
        return slash < 0 ? "" : name[..slash];
    }

    public static string ManifestFor(string name) => Folder(name) is { Length: > 0 } folder ? $"{folder}/{ManifestFileName}" : ManifestFileName;

    /// <summary>A manifest's photo reference: a name without a container is relative to the manifest's folder.</summary>
    public static BlobReference Resolve(BlobReference reference, string manifestName)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Container is { Length: > 0 })
        {
            return reference;
        }

        var folder = Folder(manifestName);
        return new BlobReference(Pipeline.Storage.BlobLayout.Inputs, folder.Length > 0 ? $"{folder}/{reference.Name}" : reference.Name);
    }

    private static string FileName(string name) => name[(name.LastIndexOf('/') + 1)..];
}
