using System.Globalization;
using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Styles;

/// <summary>
/// What a style must look like. Ids double as blob folder names (<c>styles/{styleId}/</c>), so they are lower-case
/// letters, digits and '-'. Lengths keep prompts inside a GPU queue message; ranges are the request's own.
/// </summary>
public static class StyleRules
{
    public const int MaxIdLength = 63;
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const int MaxPromptLength = 2000;
    public const float MaxFaceScale = 1.5f;
    public const float MaxLoraMultiplier = 2f;
    public const string LoraExtension = ".safetensors";

    /// <summary>Null when <paramref name="id"/> can name a style, otherwise why not.</summary>
    public static string? IdProblem(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "id is required";
        }

        if (id.Length > MaxIdLength || (!char.IsAsciiLetterLower(id[0]) && !char.IsAsciiDigit(id[0]))
            || id.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            return $"id '{Printable(id)}' must be 1..{MaxIdLength} lower-case letters, digits and '-', starting with a letter or digit";
        }

        return null;
    }

    /// <summary>Every problem of <paramref name="style"/> (empty when it is usable).</summary>
    public static IReadOnlyList<string> ProblemsOf(PortraitStyle style)
    {
        ArgumentNullException.ThrowIfNull(style);
        var problems = new List<string>();
        if (IdProblem(style.Id) is { } idProblem)
        {
            problems.Add(idProblem);
        }

        Text(style.DisplayName, "name", MaxNameLength, required: true, problems);
        Text(style.Description, "description", MaxDescriptionLength, required: false, problems);
        Text(style.Prompt, "prompt", MaxPromptLength, required: true, problems);
        Text(style.NegativePrompt, "negativePrompt", MaxPromptLength, required: false, problems);
        if (!string.IsNullOrWhiteSpace(style.Prompt) && !style.Prompt.Contains(PortraitStyle.SubjectPlaceholder, StringComparison.Ordinal))
        {
            problems.Add($"prompt must contain {PortraitStyle.SubjectPlaceholder} (where the person goes)");
        }

        if (!(style.DefaultFaceScale >= 0 && style.DefaultFaceScale <= MaxFaceScale))
        {
            problems.Add(Invariant($"defaultFaceScale must be in 0..{MaxFaceScale} (got {style.DefaultFaceScale})"));
        }

        if (style.Lora is { } lora)
        {
            LoraProblems(lora, problems);
        }

        var limits = new JobRequestLimits();
        if (style.Sampler is { } sampler && !Enum.IsDefined(sampler))
        {
            problems.Add($"sampler {(int)sampler} is not a known sampler");
        }

        if (style.Steps is { } steps && (steps < 1 || steps > limits.MaxSteps))
        {
            problems.Add(Invariant($"steps must be in 1..{limits.MaxSteps} (got {steps})"));
        }

        if (style.GuidanceScale is { } guidance && !(guidance >= 0 && guidance <= limits.MaxGuidanceScale))
        {
            problems.Add(Invariant($"guidanceScale must be in 0..{limits.MaxGuidanceScale} (got {guidance})"));
        }

        if (style.IdentityCheck is { Threshold: { } threshold } && !(threshold >= -1 && threshold <= 1))
        {
            problems.Add(Invariant($"identityCheck.threshold must be in -1..1 (got {threshold})"));
        }

        if (style.IdentityCheck is { MaxAttempts: { } attempts } && (attempts < 1 || attempts > limits.MaxIdentityAttempts))
        {
            problems.Add(Invariant($"identityCheck.maxAttempts must be in 1..{limits.MaxIdentityAttempts} (got {attempts})"));
        }

        if (style.FaceFusion is { } fusion && !Enum.IsDefined(fusion))
        {
            problems.Add($"faceFusion {(int)fusion} is not a known value (none or blend)");
        }

        if (style.PreviewImage is { } preview && BlobNameRules.Problem(preview, 256) is { } previewProblem)
        {
            problems.Add($"previewImage: {previewProblem}");
        }

        return problems;
    }

    /// <summary>Whether <paramref name="multiplier"/> is a usable LoRA strength (finite, within ±<see cref="MaxLoraMultiplier"/>).</summary>
    public static bool IsValidMultiplier(float multiplier) => multiplier >= -MaxLoraMultiplier && multiplier <= MaxLoraMultiplier;

    private static void LoraProblems(StyleLora lora, List<string> problems)
    {
        if (BlobNameRules.Problem(lora.File, 256) is { } fileProblem)
        {
            problems.Add($"lora.file: {fileProblem}");
        }
        else if (!lora.File.EndsWith(LoraExtension, StringComparison.Ordinal))
        {
            problems.Add($"lora.file '{Printable(lora.File)}' must be a {LoraExtension} file");
        }

        if (lora.Sha256 is null || lora.Sha256.Length != 64 || !lora.Sha256.All(char.IsAsciiHexDigit))
        {
            problems.Add("lora.sha256 must be the file's SHA-256 as 64 hex digits");
        }

        if (!IsValidMultiplier(lora.DefaultMultiplier))
        {
            problems.Add(Invariant($"lora.defaultMultiplier must be in -{MaxLoraMultiplier}..{MaxLoraMultiplier} (got {lora.DefaultMultiplier})"));
        }
    }

    private static void Text(string? value, string field, int maxLength, bool required, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                problems.Add($"{field} is required");
            }

            return;
        }

        if (value.Length > maxLength)
        {
            problems.Add($"{field} is {value.Length} characters long; the limit is {maxLength}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Printable(string text)
    {
        var cut = text.Length > 64 ? text[..64] + "…" : text;
        return new string(cut.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
