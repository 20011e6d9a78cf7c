using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Inference;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.ModelSets;

/// <summary>
/// Puts a host's model set on local disk and verifies it (the GPU worker at start, the Functions app at first use). Blob sets are copied from <c>models/{set}/</c> into
/// {cache}/modelsets/{set} through a staging folder (so a crash never leaves half a set) and reused by later starts;
/// every component is checked against the sha256 in modelset.json before the set is accepted, and a copy that fails
/// the check is deleted so the next attempt downloads it again.
/// </summary>
public sealed class ModelSetCache(ModelSetSource source, string cacheRoot, BlobContainerClient? models = null)
{
    /// <summary>Largest single model file accepted from blob storage (an SD-1.5 UNet in fp32 is ~3.4 GB).</summary>
    public const long MaxFileBytes = 8L * 1024 * 1024 * 1024;

    public ModelSetSource Source { get; } = source ?? throw new ArgumentNullException(nameof(source));

    /// <summary>Returns the verified local folder of the set.</summary>
    /// <exception cref="ModelSetUnavailableException">The set is missing or fails verification.</exception>
    public async Task<string> PrepareAsync(CancellationToken cancellationToken = default)
    {
        var folder = Source.Kind switch
        {
            ModelSetSourceKind.GeneratedTiny => ModelSetProvider.EnsureTinySet(cacheRoot),
            ModelSetSourceKind.Folder => Directory.Exists(Source.Folder)
                ? Source.Folder!
                : throw new ModelSetUnavailableException($"model set folder '{Source.Folder}' does not exist"),
            _ => await DownloadAsync(cancellationToken),
        };
        Verify(folder, deleteOnFailure: Source.Kind == ModelSetSourceKind.Blob);
        return folder;
    }

    private static void Verify(string folder, bool deleteOnFailure)
    {
        try
        {
            var manifest = ModelSetLoader.ReadManifest(folder);
            foreach (var (name, component) in manifest.Components)
            {
                try
                {
                    FileHashVerifier.Verify(Path.Combine(folder, component.File), component.Sha256);
                }
                catch (Exception e) when (e is ModelIntegrityException or FileNotFoundException)
                {
                    throw new ModelSetUnavailableException($"model set component {name} in {folder} fails verification: {e.Message}", e);
                }
            }
        }
        catch (Exception e) when (e is ModelSetException or ModelSetUnavailableException)
        {
            if (deleteOnFailure && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            throw e as ModelSetUnavailableException ?? new ModelSetUnavailableException($"model set in {folder} is unusable: {e.Message}", e);
        }
    }

    private async Task<string> DownloadAsync(CancellationToken cancellationToken)
    {
        var container = models ?? throw new InvalidOperationException("a blob model set needs the models container client");
        var folder = Path.Combine(cacheRoot, "modelsets", Source.Name);
        if (File.Exists(Path.Combine(folder, ModelSetManifest.FileName)))
        {
            return folder;
        }

        var prefix = Source.Name + "/";
        var names = new List<(string Name, long Size)>();
        try
        {
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
            {
                names.Add((item.Name, item.Properties.ContentLength ?? 0));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new ModelSetUnavailableException($"the models container '{container.Name}' does not exist", e);
        }

        if (!names.Exists(n => n.Name == prefix + ModelSetManifest.FileName))
        {
            throw new ModelSetUnavailableException($"{container.Name}/{prefix}{ModelSetManifest.FileName} does not exist yet");
        }

        var parent = Path.GetDirectoryName(folder)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Source.Name}.{Guid.NewGuid():N}.tmp");
        try
        {
            foreach (var (name, size) in names)
            {
                if (size > MaxFileBytes)
                {
                    throw new ModelSetUnavailableException($"{container.Name}/{name} is {size} bytes; the limit is {MaxFileBytes}");
                }

                var target = LocalPath(staging, name[prefix.Length..]);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await container.GetBlobClient(name).DownloadToAsync(target, cancellationToken);
            }

            Verify(staging, deleteOnFailure: false);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.Move(staging, folder);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return folder;
    }

    // Blob names come from storage: refuse any that would land outside the staging folder.
    private static string LocalPath(string root, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        return full.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new ModelSetUnavailableException($"model blob '{relative}' would be written outside the model set folder");
    }
}
