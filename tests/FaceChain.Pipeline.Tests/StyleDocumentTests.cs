using System.Text;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Styles;

namespace FaceChain.Pipeline.Tests;

/// <summary>styles/{styleId}/style.json: every field read, every rule broken reported at once with the file's name.</summary>
public class StyleDocumentTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_complete_style_json_is_read_with_every_optional_field()
    {
        var style = Parse("""
            {
              "id": "neon-noir", "name": "Neon noir", "description": "Rainy night portraits",
              "prompt": "noir portrait of {subject}, neon rain", "negativePrompt": "daylight",
              "defaultFaceScale": 0.9,
              "lora": { "file": "noir.safetensors", "sha256": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "defaultMultiplier": 0.8 },
              "sampler": "eulerAncestral", "steps": 30, "guidanceScale": 6.5, "previewImage": "preview.png"
            }
            """, "neon-noir");

        Assert.Equal(("neon-noir", "Neon noir", "Rainy night portraits", "daylight", 0.9f), (style.Id, style.DisplayName, style.Description, style.NegativePrompt, style.DefaultFaceScale));
        Assert.Equal(new StyleLora("noir.safetensors", Sha, 0.8f), style.Lora);
        Assert.Equal((PortraitSampler.EulerAncestral, 30, 6.5f, "preview.png"), (style.Sampler, style.Steps, style.GuidanceScale, style.PreviewImage));
    }

    [Fact]
    public void Only_id_name_and_prompt_are_required_and_the_lora_file_defaults_to_lora_safetensors()
    {
        var minimal = Parse("""{"id": "plain", "name": "Plain", "prompt": "photo of {subject}"}""", "plain");
        Assert.Equal(("", 1f, null, null), (minimal.NegativePrompt, minimal.DefaultFaceScale, minimal.Lora, minimal.Sampler));

        var withLora = Parse($$$"""{"id": "l", "name": "L", "prompt": "photo of {subject}", "lora": {"sha256": "{{{Sha}}}"}}""", "l");
        Assert.Equal(new StyleLora(StyleLora.DefaultFile, Sha, 1f), withLora.Lora);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_naming_the_file()
    {
        var e = Assert.Throws<InvalidStyleException>(() => Parse("""
            {
              "id": "other", "prompt": "a photo", "defaultFaceScale": 3,
              "lora": { "file": "../up.bin", "sha256": "abc", "defaultMultiplier": 5 },
              "steps": 0, "guidanceScale": 99
            }
            """, "mine"));

        Assert.StartsWith("styles/mine/style.json: ", e.Message, StringComparison.Ordinal);
        Assert.Equal(
            [
                "name is required",
                "prompt must contain {subject} (where the person goes)",
                "defaultFaceScale must be in 0..1.5 (got 3)",
                "lora.file: the blob name has an empty, '.' or '..' path segment",
                "lora.sha256 must be the file's SHA-256 as 64 hex digits",
                "lora.defaultMultiplier must be in -2..2 (got 5)",
                "steps must be in 1..100 (got 0)",
                "guidanceScale must be in 0..20 (got 99)",
                "id 'other' differs from its folder name 'mine'",
            ],
            e.Problems);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("""{"id": "x", "name": "X", "prompt": "of {subject}", "steps": "many"}""")]
    public void Malformed_json_is_an_invalid_style(string json)
    {
        var e = Assert.Throws<InvalidStyleException>(() => Parse(json, "x"));
        Assert.StartsWith("styles/x/style.json: the document ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lora_file_must_be_safetensors_and_ids_are_folder_safe()
    {
        var e = Assert.Throws<InvalidStyleException>(() => Parse(
            $$$"""{"id": "Bad Id", "name": "B", "prompt": "of {subject}", "lora": {"file": "weights.ckpt", "sha256": "{{{Sha}}}"}}""", "Bad Id"));
        Assert.Contains(e.Problems, p => p.StartsWith("id 'Bad Id' must be 1..63 lower-case letters", StringComparison.Ordinal));
        Assert.Contains("lora.file 'weights.ckpt' must be a .safetensors file", e.Problems);
    }

    private static PortraitStyle Parse(string json, string styleId) => StyleDocument.Parse(Encoding.UTF8.GetBytes(json), styleId);
}
