using FaceChain.Diffusion.Lora;
using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Loras;

/// <summary>
/// PrepareStyle's LoRA check: fetches the file (size-bounded, sha256 checked against the style's pin), reads it with
/// <see cref="SafetensorsFile"/> and maps it with the model set's <see cref="LoraMapping"/>, so a hostile or foreign file
/// fails the job before any image work, with the reason. The adapter is dropped again: the generator loads it only
/// when its fused model set is not cached.
/// </summary>
public sealed class LoraPlanner(LoraFileCache files, ModelSetProvider modelSet)
{
    /// <exception cref="InvalidLoraException">The file is unusable; the message says why.</exception>
    public async Task<PreparedLora> PrepareAsync(BlobReference blob, string? expectedSha256, float multiplier, string source,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        await modelSet.EnsureReadyAsync(cancellationToken);
        var mapping = modelSet.LoraMapping;
        var local = await files.FetchAsync(blob, expectedSha256, cancellationToken);
        try
        {
            var adapter = Load(local, blob, mapping, files.Limits);
            var reference = new LoraReference(blob, local.Sha256, multiplier);
            return new PreparedLora(reference, source, adapter.Layers.Count, adapter.UnmappedKeys.Count,
                [.. adapter.UnmappedKeys.Take(PreparedLora.MaxUnmappedKeysListed)]);
        }
        catch (InvalidLoraException)
        {
            files.Forget(local.Sha256);
            throw;
        }
    }

    /// <summary>Reads and maps a local LoRA file; its problems become an <see cref="InvalidLoraException"/> naming the blob, not the local path.</summary>
    public static LoraAdapter Load(LocalLoraFile local, BlobReference blob, LoraMapping mapping, SafetensorsLimits limits)
    {
        ArgumentNullException.ThrowIfNull(local);
        return Read(local, blob, limits, file => LoraAdapter.FromFile(file, mapping, local.Sha256));
    }

    /// <summary>
    /// Opens a local LoRA file once and reads what <paramref name="read"/> needs of it; its problems become an
    /// <see cref="InvalidLoraException"/> naming the blob, not the local path.
    /// </summary>
    public static T Read<T>(LocalLoraFile local, BlobReference blob, SafetensorsLimits limits, Func<SafetensorsFile, T> read)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            using var file = SafetensorsFile.Open(local.Path, limits);
            return read(file);
        }
        catch (Exception e) when (e is SafetensorsException or LoraException)
        {
            var reason = e.Message.Replace(local.Path + ": ", string.Empty, StringComparison.Ordinal)
                .Replace(local.Path, blob.ToString(), StringComparison.Ordinal);
            throw new InvalidLoraException($"the LoRA '{blob}' cannot be used: {reason}", e);
        }
    }
}
