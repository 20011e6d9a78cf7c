using FaceChain.Diffusion.Lora;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Pipeline.Loras;

/// <summary>
/// Stores a caller's custom LoRA: the bytes are copied into the local <see cref="LoraFileCache"/> (bounded by its
/// <see cref="LoraFileCache.MaxFileBytes"/>), validated with <see cref="SafetensorsFile"/> and mapped onto the model set
/// (the very check PrepareStyle makes, so a file accepted here is one a job can use), and only then uploaded to
/// <see cref="BlobLayout.UploadedLora"/>. A rejected file is neither stored nor kept in the cache. Content-addressed: the
/// same bytes always get the same blob, uploaded once.
/// </summary>
public sealed class LoraUploads(IBlobStore store, LoraFileCache files, ModelSetProvider modelSet)
{
    /// <summary>Largest upload accepted, in bytes.</summary>
    public long MaxBytes => files.MaxFileBytes;

    /// <exception cref="LoraTooLargeException">The content is longer than <see cref="MaxBytes"/>.</exception>
    /// <exception cref="InvalidLoraException">The file is malformed, hostile or applies to nothing in the model set.</exception>
    public async Task<UploadedLora> StoreAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        await modelSet.EnsureReadyAsync(cancellationToken);
        var local = await files.AddAsync(content, cancellationToken);
        var blob = BlobLayout.UploadedLora(local.Sha256);
        LoraAdapter adapter;
        int tensors;
        try
        {
            (adapter, tensors) = LoraPlanner.Read(local, blob, files.Limits,
                file => (LoraAdapter.FromFile(file, modelSet.LoraMapping, local.Sha256), file.Tensors.Count));
        }
        catch (InvalidLoraException)
        {
            files.Forget(local.Sha256);
            throw;
        }

        var bytes = new FileInfo(local.Path).Length;
        var created = false;
        if (!await store.ExistsAsync(blob, cancellationToken))
        {
            try
            {
                await using var upload = new FileStream(local.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
                await store.UploadAsync(blob, upload, BlobLayout.BinaryContentType, overwrite: false, cancellationToken);
                created = true;
            }
            catch (BlobAlreadyExistsException)
            {
                // An identical upload won the race: same name, same bytes.
            }
        }

        return new UploadedLora(blob, local.Sha256, tensors, bytes, adapter.Layers.Count, adapter.UnmappedKeys.Count, created);
    }
}
