using FaceChain.Diffusion.Text;
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
    }

    // Expected ids were derived with an independent Python reference BPE over the same vocab.json/merges.txt.
    [Theory]
    [InlineData("A PHOTO of a Cat!", new[] { 320, 1125, 539, 320, 2368, 256 })]
    [InlineData("don't stop, it's 2024", new[] { 847, 713, 1691, 267, 585, 568, 273, 271, 273, 275 })]
    [InlineData("  portrait   of\ta  woman  ", new[] { 5352, 539, 320, 2308 })]
    [InlineData("caf\u00e9 na\u00efve", new[] { 15304, 1097, 35689, 563 })]
    [InlineData("Tom &amp; Jerry", new[] { 2435, 261, 9164 })]
    [InlineData("hello... world?!", new[] { 3306, 678, 1002, 2835 })]
    [InlineData("a_b", new[] { 320, 318, 321 })]
    public void MorePromptsMatchReferenceIds(string prompt, int[] expected)
    {
        Assert.Equal(expected, Tokenizer.Value.EncodeTokens(prompt));
        var ids = Tokenizer.Value.Encode(prompt).Ids;
        Assert.Equal(ClipTokenizer.StartOfText, ids[0]);
        Assert.Equal(expected, ids[1..(expected.Length + 1)]);
        Assert.Equal(ClipTokenizer.EndOfText, ids[expected.Length + 1]);
    }

    [Fact]
    public void OverLongPromptIsTruncatedKeepingEos()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("cat", 100));
        var encoded = Tokenizer.Value.Encode(prompt);
        Assert.True(encoded.Truncated);
        Assert.Equal(77, encoded.Ids.Length);
        Assert.Equal(49406, encoded.Ids[0]);
        Assert.All(encoded.Ids[1..76], id => Assert.Equal(2368, id));
        Assert.Equal(49407, encoded.Ids[76]);
    }

    [Fact]
    public void EmptyPromptIsBosEosAndPadding()
    {
        var ids = Tokenizer.Value.Encode("   ").Ids;
        Assert.Equal(49406, ids[0]);
        Assert.All(ids[1..], id => Assert.Equal(49407, id));
    }
}
