namespace FaceChain.Diffusion.Lora;

/// <summary>
/// Resolves a LoRA key of either common layout to its mapped target and role:
/// kohya <c>lora_unet_{module with '_'}.lora_down.weight | .lora_up.weight | .alpha</c> (and <c>lora_te_</c>), and
/// diffusers/PEFT <c>unet.{module}.lora_A.weight | .lora_B.weight</c> (also the older <c>.lora.down/.lora.up</c>, optional
/// <c>.alpha</c>, optional <c>base_model.model.</c> prefix; <c>text_encoder.</c> for the text encoder).
/// </summary>
internal static class LoraKeyParser
{
    private static readonly (string Suffix, LoraKeyRole Role)[] KohyaSuffixes =
    [
        (".lora_down.weight", LoraKeyRole.Down),
        (".lora_up.weight", LoraKeyRole.Up),
        (".alpha", LoraKeyRole.Alpha),
    ];

    private static readonly (string Suffix, LoraKeyRole Role)[] DiffusersSuffixes =
    [
        (".lora_A.weight", LoraKeyRole.Down),
        (".lora_B.weight", LoraKeyRole.Up),
        (".lora.down.weight", LoraKeyRole.Down),
        (".lora.up.weight", LoraKeyRole.Up),
        (".alpha", LoraKeyRole.Alpha),
    ];

    private static readonly string[] Components = [ModelSets.ComponentNames.UNet, ModelSets.ComponentNames.TextEncoder];

    /// <summary>The target and role of <paramref name="key"/>, or null with the reason it does not apply.</summary>
    public static (LoraTarget Target, LoraKeyRole Role)? Resolve(string key, LoraMapping mapping, out string reason)
    {
        foreach (var component in Components)
        {
            string kohyaPrefix = LoraMapping.KohyaPrefix(component) + "_";
            if (key.StartsWith(kohyaPrefix, StringComparison.Ordinal))
            {
                return ResolveSuffixed(key, KohyaSuffixes, "kohya", name => mapping.TryFindKohya(name, out var t) ? t : null, out reason);
            }
        }

        string peft = key.StartsWith("base_model.model.", StringComparison.Ordinal) ? key["base_model.model.".Length..] : key;
        foreach (var component in Components)
        {
            string prefix = LoraMapping.DiffusersPrefix(component) + ".";
            if (peft.StartsWith(prefix, StringComparison.Ordinal))
            {
                return ResolveSuffixed(peft[prefix.Length..], DiffusersSuffixes, "diffusers", module => mapping.TryFindModule(component, module, out var t) ? t : null, out reason);
            }
        }

        reason = "not a LoRA key of the unet or text encoder (expected lora_unet_/lora_te_ or unet./text_encoder.)";
        return null;
    }

    private static (LoraTarget Target, LoraKeyRole Role)? ResolveSuffixed(
        string name, (string Suffix, LoraKeyRole Role)[] suffixes, string layout, Func<string, LoraTarget?> find, out string reason)
    {
        foreach (var (suffix, role) in suffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                string module = name[..^suffix.Length];
                if (find(module) is { } target)
                {
                    reason = string.Empty;
                    return (target, role);
                }

                reason = $"{layout} module '{module}' is not in the model set's LoRA mapping";
                return null;
            }
        }

        reason = $"unsupported {layout} tensor (only plain LoRA down/up/alpha are fused; LoHa, LoKr, DoRA and full diffs are not)";
        return null;
    }
}
