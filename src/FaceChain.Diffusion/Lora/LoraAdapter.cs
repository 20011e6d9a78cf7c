using System.Security.Cryptography;

namespace FaceChain.Diffusion.Lora;

/// <summary>
/// A LoRA resolved against a model set's mapping: one <see cref="LoraLayer"/> per mapped module, plus the keys it could
/// not apply. <see cref="Id"/> identifies the weights (the file's sha256) for caching fused sessions.
/// </summary>
public sealed class LoraAdapter
{
    public const int MaxRank = 1024;

    public LoraAdapter(string id, IReadOnlyList<LoraLayer> layers, IReadOnlyList<LoraUnmappedKey> unmappedKeys)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(unmappedKeys);
        if (layers.Count == 0)
        {
            throw new LoraException($"LoRA {id} has no layers");
        }

        Id = id;
        Layers = layers;
        UnmappedKeys = unmappedKeys;
    }

    public string Id { get; }

    public IReadOnlyList<LoraLayer> Layers { get; }

    public IReadOnlyList<LoraUnmappedKey> UnmappedKeys { get; }

    /// <summary>Reads, validates and maps a .safetensors LoRA; its sha256 becomes <see cref="Id"/>.</summary>
    public static LoraAdapter Load(string path, LoraMapping mapping, SafetensorsLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = SafetensorsFile.Open(path, limits);
        string sha256;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
        {
            sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        return FromFile(file, mapping, sha256);
    }

    /// <summary>Maps every tensor of an open file; throws <see cref="LoraException"/> when nothing maps or a layer is inconsistent.</summary>
    public static LoraAdapter FromFile(SafetensorsFile file, LoraMapping mapping, string id)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(mapping);
        var parts = new Dictionary<LoraTarget, Dictionary<LoraKeyRole, SafetensorsTensorInfo>>();
        var unmapped = new List<LoraUnmappedKey>();
        foreach (var tensor in file.Tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (LoraKeyParser.Resolve(tensor.Name, mapping, out string reason) is not { } resolved)
            {
                unmapped.Add(new LoraUnmappedKey(tensor.Name, reason));
                continue;
            }

            if (!parts.TryGetValue(resolved.Target, out var roles))
            {
                roles = [];
                parts[resolved.Target] = roles;
            }

            if (!roles.TryAdd(resolved.Role, tensor))
            {
                throw new LoraException($"{file.Path}: keys '{roles[resolved.Role].Name}' and '{tensor.Name}' both give the {resolved.Role} of '{resolved.Target.ModulePath}'");
            }
        }

        if (parts.Count == 0)
        {
            string examples = string.Join("; ", unmapped.Take(3).Select(u => $"'{u.Key}': {u.Reason}"));
            throw new LoraException($"{file.Path}: the LoRA maps to nothing in this model set ({unmapped.Count} keys, none applicable; e.g. {examples})");
        }

        var layers = parts
            .OrderBy(p => p.Key.Component, StringComparer.Ordinal)
            .ThenBy(p => p.Key.ModulePath, StringComparer.Ordinal)
            .Select(p => ReadLayer(file, p.Key, p.Value))
            .ToList();
        return new LoraAdapter(id, layers, unmapped);
    }

    private static LoraLayer ReadLayer(SafetensorsFile file, LoraTarget target, Dictionary<LoraKeyRole, SafetensorsTensorInfo> roles)
    {
        string where = $"{file.Path}: {target.Component} module '{target.ModulePath}'";
        if (!roles.TryGetValue(LoraKeyRole.Down, out var down) || !roles.TryGetValue(LoraKeyRole.Up, out var up))
        {
            throw new LoraException($"{where}: needs both the down (lora_down / lora_A) and up (lora_up / lora_B) factor; found only {string.Join(", ", roles.Values.Select(r => r.Name))}");
        }

        if (down.Shape.Count < 2 || up.Shape.Count < 2)
        {
            throw new LoraException($"{where}: factors must have rank ≥ 2 (down [{string.Join(", ", down.Shape)}], up [{string.Join(", ", up.Shape)}])");
        }

        long rank = down.Shape[0];
        long inFeatures = target.Transposed ? target.Shape[0] : target.Shape[1];
        bool fits = rank is > 0 and <= MaxRank
            && up.Shape[1] == rank
            && up.Shape[0] == target.OutFeatures
            && up.ElementCount == target.OutFeatures * rank
            && down.Shape[1] == inFeatures
            && down.ElementCount == rank * target.InFeatures;
        if (fits && down.Shape.Count > 2 && target.Shape.Count == down.Shape.Count)
        {
            fits = down.Shape.Skip(2).SequenceEqual(target.Shape.Skip(2));
        }

        if (!fits)
        {
            throw new LoraException(
                $"{where}: down [{string.Join(", ", down.Shape)}] and up [{string.Join(", ", up.Shape)}] do not fit the weight " +
                $"[{string.Join(", ", target.Shape)}]{(target.Transposed ? " (stored [in, out])" : string.Empty)}; expected down [rank ≤ {MaxRank}, {inFeatures}, …] and up [{target.OutFeatures}, rank]");
        }

        float alpha = (float)rank;
        if (roles.TryGetValue(LoraKeyRole.Alpha, out var alphaTensor))
        {
            if (alphaTensor.ElementCount != 1)
            {
                throw new LoraException($"{where}: alpha '{alphaTensor.Name}' must be a scalar");
            }

            alpha = file.ReadFloats(alphaTensor.Name)[0];
            if (alpha < 0)
            {
                throw new LoraException($"{where}: alpha {alpha} is negative");
            }

            // kohya treats alpha 0 as "no scaling" (alpha = rank).
            if (alpha == 0)
            {
                alpha = rank;
            }
        }

        return new LoraLayer(target, (int)rank, alpha, file.ReadFloats(down.Name), file.ReadFloats(up.Name));
    }
}
