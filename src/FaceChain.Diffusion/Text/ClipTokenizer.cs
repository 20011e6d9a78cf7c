using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FaceChain.Diffusion.Text;

/// <summary>
/// CLIP's byte-level BPE exactly as openai/CLIP simple_tokenizer (and SD-1.5's CLIPTokenizer) does it:
/// html-unescape, whitespace clean-up, lower-case, CLIP's pre-tokenizer regex, BPE by merge rank with
/// the "&lt;/w&gt;" end-of-word suffix. Written by hand because the ids must match CLIP bit for bit.
/// </summary>
public sealed partial class ClipTokenizer
{
    public const int StartOfText = 49406;
    public const int EndOfText = 49407;

    private const string EndOfWord = "</w>";
    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<(string, string), int> _mergeRanks;
    private readonly ConcurrentDictionary<string, string[]> _cache = new(StringComparer.Ordinal);
    private readonly string[] _byteEncoder = BuildByteEncoder();

    public ClipTokenizer(Dictionary<string, int> vocab, Dictionary<(string, string), int> mergeRanks, int maxLength = 77, int padId = EndOfText)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        _vocab = vocab;
        _mergeRanks = mergeRanks;
        MaxLength = maxLength;
        PadId = padId;
    }

    public int MaxLength { get; }

    public int PadId { get; }

    /// <summary>Loads vocab.json and merges.txt (HF format, "#version" header) from <paramref name="folder"/>.</summary>
    public static ClipTokenizer FromFolder(string folder, int maxLength = 77)
    {
        var vocabPath = Path.Combine(folder, "vocab.json");
        var mergesPath = Path.Combine(folder, "merges.txt");
        if (!File.Exists(vocabPath) || !File.Exists(mergesPath))
        {
            throw new FileNotFoundException($"tokenizer folder '{folder}' must contain vocab.json and merges.txt");
        }

        var vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(vocabPath))
            ?? throw new InvalidDataException($"{vocabPath} is empty");
        var ranks = new Dictionary<(string, string), int>();
        foreach (var line in File.ReadLines(mergesPath))
        {
            if (line.Length == 0 || line.StartsWith("#version", StringComparison.Ordinal))
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                throw new InvalidDataException($"{mergesPath}: malformed merge line '{line}'");
            }

            ranks.TryAdd((line[..space], line[(space + 1)..]), ranks.Count);
        }

        return new ClipTokenizer(vocab, ranks, maxLength);
    }

    /// <summary>CLIP's text normalisation: html-unescape twice, collapse whitespace, trim, lower-case.</summary>
    public static string Normalize(string text)
    {
        var unescaped = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text));
        return Whitespace().Replace(unescaped, " ").Trim().ToLowerInvariant();
    }

    /// <summary>BPE ids of the prompt without BOS/EOS or padding.</summary>
    public List<int> EncodeTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        foreach (Match match in PreTokenizer().Matches(Normalize(text)))
        {
            var bytes = Encoding.UTF8.GetBytes(match.Value);
            var mapped = new StringBuilder(bytes.Length);
            foreach (var b in bytes)
            {
                mapped.Append(_byteEncoder[b]);
            }

            foreach (var piece in Bpe(mapped.ToString()))
            {
                ids.Add(_vocab.TryGetValue(piece, out var id)
                    ? id
                    : throw new InvalidDataException($"BPE produced '{piece}' which is not in the vocabulary"));
            }
        }

        return ids;
    }

    /// <summary>BOS + tokens + EOS, truncated to <see cref="MaxLength"/> (EOS kept last) and padded with <see cref="PadId"/>.</summary>
    public TokenizedPrompt Encode(string text)
    {
        var tokens = EncodeTokens(text);
        var ids = new int[MaxLength];
        Array.Fill(ids, PadId);
        ids[0] = StartOfText;
        var room = MaxLength - 2;
        var kept = Math.Min(room, tokens.Count);
        for (var i = 0; i < kept; i++)
        {
            ids[i + 1] = tokens[i];
        }

        ids[kept + 1] = EndOfText;
        return new TokenizedPrompt(ids, tokens.Count > room);
    }

    private string[] Bpe(string token)
    {
        return _cache.GetOrAdd(token, t =>
        {
            // Work on text elements of the byte-mapped string: every byte maps to one UTF-16 char.
            var word = new List<string>(t.Length);
            for (var i = 0; i < t.Length - 1; i++)
            {
                word.Add(t[i].ToString());
            }

            word.Add(t[^1] + EndOfWord);
            while (word.Count > 1)
            {
                var bestRank = int.MaxValue;
                (string, string) best = default;
                for (var i = 0; i < word.Count - 1; i++)
                {
                    if (_mergeRanks.TryGetValue((word[i], word[i + 1]), out var rank) && rank < bestRank)
                    {
                        bestRank = rank;
                        best = (word[i], word[i + 1]);
                    }
                }

                if (bestRank == int.MaxValue)
                {
                    break;
                }

                var merged = new List<string>(word.Count);
                for (var i = 0; i < word.Count; i++)
                {
                    if (i < word.Count - 1 && word[i] == best.Item1 && word[i + 1] == best.Item2)
                    {
                        merged.Add(best.Item1 + best.Item2);
                        i++;
                    }
                    else
                    {
                        merged.Add(word[i]);
                    }
                }

                word = merged;
            }

            return [.. word];
        });
    }

    // GPT-2/CLIP bytes_to_unicode: printable bytes map to themselves, the rest to 256 + n.
    private static string[] BuildByteEncoder()
    {
        var map = new string[256];
        var next = 0;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? ((char)b).ToString() : ((char)(256 + next++)).ToString();
        }

        return map;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase)]
    private static partial Regex PreTokenizer();
}
