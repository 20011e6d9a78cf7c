using System.Globalization;
using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Loras;

/// <summary>
/// A fusion plan in canonical form: sha256@multiplier, lower-case and sorted, with multiplier-0 LoRAs left out (they
/// change no weight); empty for the base model. Two plans with the same key fuse to the same weights.
/// </summary>
public static class LoraPlanKey
{
    public static string Of(IReadOnlyList<LoraReference>? loras) => loras is null
        ? string.Empty
        : string.Join(",", loras
            .Where(l => l.Multiplier != 0)
            .Select(l => l.Sha256.ToLowerInvariant() + "@" + l.Multiplier.ToString("R", CultureInfo.InvariantCulture))
            .Order(StringComparer.Ordinal));
}
