using System.Text.RegularExpressions;
using FaceChain.Inference;
using Microsoft.ML.Tokenizers;

namespace FaceChain.Diffusion.Text;

/// <summary>
/// CLIP's byte-level BPE (openai/CLIP simple_tokenizer, SD-1.5's CLIPTokenizer) on Microsoft.ML.Tokenizers'
/// <see cref="BpeTokenizer"/>: <see cref="ClipNormalizer"/>, CLIP's pre-tokenizer regex, byte-level mapping and the
/// "&lt;/w&gt;" end-of-word suffix; this class adds BOS/EOS, truncation and padding to the model's fixed length.
/// </summary>
public sealed partial class ClipTokenizer
{
    public const int StartOfText = 49406;
    public const int EndOfText = 49407;
    public const string StartOfTextToken = "<|startoftext|>";
    public const string EndOfTextToken = "<|endoftext|>";
    public const string VocabularyFileName = "vocab.json";
    public const string MergesFileName = "merges.txt";

    private static readonly Dictionary<string, int> SpecialTokens = new(StringComparer.Ordinal)
    {
        [StartOfTextToken] = StartOfText,
        [EndOfTextToken] = EndOfText,
    };

    private readonly BpeTokenizer _bpe;

    public ClipTokenizer(BpeTokenizer bpe, int maxLength = 77, int padId = EndOfText)
    {
        ArgumentNullException.ThrowIfNull(bpe);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        _bpe = bpe;
        MaxLength = maxLength;
        PadId = padId;
    }

    public int MaxLength { get; }

    public int PadId { get; }

    /// <summary>Loads CLIP's vocab.json and merges.txt (HF format, "#version" header).</summary>
    public static ClipTokenizer FromFiles(string vocabularyPath, string mergesPath, int maxLength = 77)
    {
        if (!File.Exists(vocabularyPath) || !File.Exists(mergesPath))
        {
            throw new FileNotFoundException($"CLIP tokenizer needs both '{vocabularyPath}' and '{mergesPath}'");
        }

        var options = new BpeOptions(vocabularyPath, mergesPath)
        {
            Normalizer = ClipNormalizer.Instance,
            PreTokenizer = new RegexPreTokenizer(PreTokenizerPattern(), SpecialTokens),
            SpecialTokens = SpecialTokens,
            EndOfWordSuffix = "</w>",
            ByteLevel = true,
        };
        return new ClipTokenizer(BpeTokenizer.Create(options), maxLength);
    }

    /// <summary>Loads vocab.json and merges.txt from <paramref name="folder"/>.</summary>
    public static ClipTokenizer FromFolder(string folder, int maxLength = 77) =>
        FromFiles(Path.Combine(folder, VocabularyFileName), Path.Combine(folder, MergesFileName), maxLength);

    /// <summary>The sha256-verified tokenizer files (<see cref="KnownModels.ClipVocabulary"/>, <see cref="KnownModels.ClipMerges"/>) from a resolver.</summary>
    public static ClipTokenizer FromResolver(ModelResolver resolver, int maxLength = 77)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        return FromFiles(resolver.Resolve(KnownModels.ClipVocabulary), resolver.Resolve(KnownModels.ClipMerges), maxLength);
    }

    /// <summary>CLIP's text normalisation (see <see cref="ClipNormalizer"/>).</summary>
    public static string Normalize(string text) => ClipNormalizer.Instance.Normalize(text);

    /// <summary>BPE ids of the prompt without BOS/EOS or padding.</summary>
    public IReadOnlyList<int> EncodeTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _bpe.EncodeToIds(text);
    }

    /// <summary>
    /// BOS + tokens + EOS, truncated to <see cref="MaxLength"/> (EOS kept last) and padded with <see cref="PadId"/>;
    /// a truncated prompt carries the normalised text that was cut off.
    /// </summary>
    public TokenizedPrompt Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = _bpe.EncodeToTokens(text, out var normalized);
        var ids = new int[MaxLength];
        Array.Fill(ids, PadId);
        ids[0] = StartOfText;
        var room = MaxLength - 2;
        var kept = Math.Min(room, tokens.Count);
        for (var i = 0; i < kept; i++)
        {
            ids[i + 1] = tokens[i].Id;
        }

        ids[kept + 1] = EndOfText;
        if (tokens.Count <= room)
        {
            return new TokenizedPrompt(ids, Truncated: false, DroppedText: "");
        }

        var source = normalized ?? Normalize(text);
        var start = Math.Clamp(tokens[room].Offset.Start.GetOffset(source.Length), 0, source.Length);
        return new TokenizedPrompt(ids, Truncated: true, DroppedText: source[start..]);
    }

    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase)]
    private static partial Regex PreTokenizerPattern();
}
