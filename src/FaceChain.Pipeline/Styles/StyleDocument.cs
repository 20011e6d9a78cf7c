using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Pipeline.Styles;

/// <summary>
/// <c>styles/{styleId}/style.json</c>: one <see cref="PortraitStyle"/> in its JSON form (camelCase: id, name, description,
/// prompt, negativePrompt, defaultFaceScale, lora {file, sha256, defaultMultiplier}, sampler, steps, guidanceScale,
/// previewImage). Its id must be its folder's name.
/// </summary>
public static class StyleDocument
{
    public const string FileName = BlobLayout.StyleDocumentName;

    /// <summary>style.json is a few hundred bytes; anything near this is not one.</summary>
    public const long MaxBytes = 64 * 1024;

    /// <summary>Parses and checks style.json of folder <paramref name="styleId"/>; <see cref="InvalidStyleException"/> lists every problem.</summary>
    public static PortraitStyle Parse(ReadOnlySpan<byte> json, string styleId)
    {
        var where = BlobLayout.StyleDocument(styleId).ToString();
        PortraitStyle style;
        try
        {
            style = PipelineJson.Deserialize<PortraitStyle>(json, "the document");
        }
        catch (InvalidDataException e)
        {
            throw new InvalidStyleException(where, [e.Message]);
        }

        var problems = StyleRules.ProblemsOf(style).ToList();
        if (!string.IsNullOrEmpty(style.Id) && !string.Equals(style.Id, styleId, StringComparison.Ordinal))
        {
            problems.Add($"id '{style.Id}' differs from its folder name '{styleId}'");
        }

        if (problems.Count > 0)
        {
            throw new InvalidStyleException(where, problems);
        }

        return style;
    }
}
