using FaceChain.Diffusion.Text;
using FaceChain.Inference;
using FaceChain.Testing;

namespace FaceChain.Diffusion.Tests;

public sealed class ClipTokenizerTests
{
    private static readonly Lazy<ClipTokenizer> Tokenizer = new(() => ClipTokenizer.FromFolder(SharedAssets.TokenizerFolder));

    [Fact]
    public void PhotoOfACatMatchesClip()
    {
        var encoded = Tokenizer.Value.Encode("a photo of a cat");
        Assert.Equal([49406, 320, 1125, 539, 320, 2368, 49407], encoded.Ids[..7]);
        Assert.All(encoded.Ids[7..], id => Assert.Equal(49407, id));
        Assert.Equal(77, encoded.Ids.Length);
        Assert.False(encoded.Truncated);
        Assert.Equal("", encoded.DroppedText);
    }

    // Expected ids come from an independent Python port of openai/CLIP simple_tokenizer.py (regex module, html.unescape,
    // str.lower; ftfy left out) that builds its vocabulary and merges from the original bpe_simple_vocab_16e6.txt.gz,
    // not from the vocab.json/merges.txt this tokenizer loads.
    [Theory]
    [InlineData("A PHOTO of a Cat!", new[] { 320, 1125, 539, 320, 2368, 256 })]
    [InlineData("don't stop, it's 2024", new[] { 847, 713, 1691, 267, 585, 568, 273, 271, 273, 275 })]
    [InlineData("don't", new[] { 847, 713 })]
    [InlineData("  portrait   of\ta  woman  ", new[] { 5352, 539, 320, 2308 })]
    [InlineData("tab\there\nnewline  and   multiple spaces", new[] { 14724, 763, 1218, 1148, 537, 6470, 9006 })]
    [InlineData("caf\u00e9 na\u00efve", new[] { 15304, 1097, 35689, 563 })]
    [InlineData("cafe\u0301", new[] { 4979, 136, 479 })] // NFD stays decomposed (no ftfy/NFC step; see ClipNormalizer)
    [InlineData("emoji-free na\u00efve fa\u00e7ade r\u00e9sum\u00e9 co\u00f6perate", new[] { 16327, 268, 1139, 1097, 35689, 563, 778, 10067, 1928, 29106, 7054, 4166, 622, 7255, 703, 671 })]
    [InlineData("\u00c4\u00d6\u00dc stra\u00dfe", new[] { 10896, 7255, 47177, 1894, 127, 253, 324 })]
    [InlineData("\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8", new[] { 39121, 44353, 34002, 252, 21575, 2429, 228, 47121, 32421, 486 })]
    [InlineData("\u0130stanbul", new[] { 328, 16384, 11231 })]
    [InlineData("\u039f\u0394\u039f\u03a3 \u03a3\u039f\u03a6\u0399\u0391", new[] { 138, 123, 138, 112, 138, 123, 139, 480, 139, 225, 138, 123, 139, 228, 138, 117, 138, 365 })]
    [InlineData("Tom &amp; Jerry", new[] { 2435, 261, 9164 })]
    [InlineData("&lt;b&gt;bold&lt;/b&gt; &amp;amp;", new[] { 283, 321, 285, 8911, 34308, 321, 285, 261 })]
    [InlineData("hello... world?!", new[] { 3306, 678, 1002, 2835 })]
    [InlineData("a_b", new[] { 320, 318, 321 })]
    [InlineData("a man's face, 35mm, f/1.8, 8k uhd", new[] { 320, 786, 568, 1710, 267, 274, 276, 2848, 267, 325, 270, 272, 269, 279, 267, 279, 330, 84, 4414 })]
    [InlineData("I'LL BE THERE, we've they're you'd", new[] { 328, 1342, 655, 997, 267, 649, 1200, 889, 982, 592, 1896 })]
    [InlineData("\"quoted\" (parens) [brackets] {braces}", new[] { 257, 27706, 257, 263, 3106, 338, 264, 314, 36183, 316, 346, 19249, 348 })]
    [InlineData("x=1+2*3/4-5%6", new[] { 343, 284, 272, 266, 273, 265, 274, 270, 275, 268, 276, 260, 277 })]
    [InlineData("100,000 1.5 3rd 21st", new[] { 272, 271, 271, 267, 271, 271, 271, 272, 269, 276, 274, 1973, 273, 272, 545 })]
    [InlineData("supercalifragilisticexpialidocious", new[] { 1642, 2857, 13093, 2076, 5868, 26850, 835, 639, 38466 })]
    [InlineData("<|startoftext|>hi<|endoftext|>", new[] { 49406, 1883, 49407 })]
    public void MorePromptsMatchReferenceIds(string prompt, int[] expected)
    {
        Assert.Equal(expected, Tokenizer.Value.EncodeTokens(prompt));
        var ids = Tokenizer.Value.Encode(prompt).Ids;
        Assert.Equal(ClipTokenizer.StartOfText, ids[0]);
        Assert.Equal(expected, ids[1..(expected.Length + 1)]);
        Assert.Equal(ClipTokenizer.EndOfText, ids[expected.Length + 1]);
    }

    [Fact]
    public void OverLongPromptIsTruncatedKeepingEosAndReportsTheDroppedText()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("cat", 80)) + " ON A Red   SOFA";
        var encoded = Tokenizer.Value.Encode(prompt);
        Assert.True(encoded.Truncated);
        Assert.Equal(77, encoded.Ids.Length);
        Assert.Equal(49406, encoded.Ids[0]);
        Assert.All(encoded.Ids[1..76], id => Assert.Equal(2368, id));
        Assert.Equal(49407, encoded.Ids[76]);
        Assert.Equal("cat cat cat cat cat on a red sofa", encoded.DroppedText);
    }

    [Fact]
    public void PromptOfExactlyTheRoomIsNotTruncated()
    {
        var encoded = Tokenizer.Value.Encode(string.Join(' ', Enumerable.Repeat("cat", 75)));
        Assert.False(encoded.Truncated);
        Assert.Equal(49407, encoded.Ids[76]);
        Assert.True(Tokenizer.Value.Encode(string.Join(' ', Enumerable.Repeat("cat", 76))).Truncated);
    }

    [Fact]
    public void EmptyPromptIsBosEosAndPadding()
    {
        var ids = Tokenizer.Value.Encode("   ").Ids;
        Assert.Equal(49406, ids[0]);
        Assert.All(ids[1..], id => Assert.Equal(49407, id));
    }

    [Fact]
    public void ResolverGivesVerifiedTokenizerFiles()
    {
        var resolver = SharedAssets.Resolver();
        foreach (var file in KnownModels.ClipTokenizerFiles)
        {
            var path = resolver.Resolve(file);
            Assert.Equal(Path.GetFullPath(Path.Combine(SharedAssets.TokenizerFolder, file.FileName)), path);
        }

        var tokenizer = ClipTokenizer.FromResolver(resolver);
        Assert.Equal(Tokenizer.Value.Encode("a photo of a cat").Ids, tokenizer.Encode("a photo of a cat").Ids);
    }

    [Fact]
    public void TamperedTokenizerFileIsRefusedByTheResolver()
    {
        var root = Directory.CreateTempSubdirectory("facechain-tokenizer-");
        try
        {
            var models = Directory.CreateDirectory(Path.Combine(root.FullName, "models")).FullName;
            var tokenizer = Directory.CreateDirectory(Path.Combine(root.FullName, "tokenizer")).FullName;
            File.Copy(Path.Combine(SharedAssets.TokenizerFolder, "vocab.json"), Path.Combine(tokenizer, "vocab.json"));
            File.WriteAllText(Path.Combine(tokenizer, "merges.txt"), "#version: 0.2\nt h\n");
            var resolver = new ModelResolver(new ModelSourceOptions { ModelsFolder = models, CacheFolder = Path.Combine(root.FullName, "cache"), AllowDownload = false });
            Assert.Throws<ModelIntegrityException>(() => ClipTokenizer.FromResolver(resolver));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void MissingFilesAreAClearError()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ClipTokenizer.FromFolder(Path.Combine(Path.GetTempPath(), "no-such-tokenizer-" + Guid.NewGuid().ToString("N"))));
        Assert.Contains("vocab.json", e.Message, StringComparison.Ordinal);
    }
}
