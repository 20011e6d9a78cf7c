using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace FaceChain.Diffusion.Text;

/// <summary>
/// CLIP's text clean-up before BPE: html-unescape twice, whitespace collapsed to single spaces, trimmed, lower-cased
/// with Python's full mapping (İ → i̇, word-final Σ → ς), which .NET's simple case mapping alone would miss.
/// No Unicode normalisation: the projects run with InvariantGlobalization, where string.Normalize is unavailable, so
/// decomposed (NFD) text is tokenized code point by code point (as CLIP without ftfy does) on every host alike.
/// </summary>
public sealed partial class ClipNormalizer : Normalizer
{
    public static ClipNormalizer Instance { get; } = new();

    public override string Normalize(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var unescaped = WebUtility.HtmlDecode(WebUtility.HtmlDecode(original));
        return LowerCase(Whitespace().Replace(unescaped, " ").Trim());
    }

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());

    private static string LowerCase(string text)
    {
        if (!text.Contains('\u0130', StringComparison.Ordinal) && !text.Contains('\u03A3', StringComparison.Ordinal))
        {
            return text.ToLowerInvariant();
        }

        var builder = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\u0130')
            {
                builder.Append("i\u0307");
            }
            else if (c == '\u03A3')
            {
                var final = i > 0 && char.IsLetter(text[i - 1]) && (i + 1 == text.Length || !char.IsLetter(text[i + 1]));
                builder.Append(final ? '\u03C2' : '\u03C3');
            }
            else
            {
                builder.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
