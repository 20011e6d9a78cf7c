using FaceChain.Pipeline.Styles;

namespace FaceChain.Pipeline.Tests;

public class StyleCatalogTests
{
    [Fact]
    public void The_built_in_catalog_has_five_to_eight_complete_styles_with_descriptions_and_recommendations()
    {
        var styles = StyleCatalog.BuiltIn.All;
        Assert.InRange(styles.Count, 5, 8);
        Assert.Equal(styles.Count, styles.Select(s => s.Id).Distinct().Count());
        Assert.All(styles, s =>
        {
            Assert.Contains(PortraitStyle.SubjectPlaceholder, s.Prompt, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(s.NegativePrompt));
            Assert.InRange(s.DefaultFaceScale, 0f, 1.5f);
            Assert.Null(s.Lora);
            Assert.False(string.IsNullOrWhiteSpace(s.Description));
            Assert.DoesNotContain(PortraitStyle.SubjectPlaceholder, s.Description, StringComparison.Ordinal);
            Assert.NotNull(s.Sampler);
            Assert.InRange(s.Steps ?? 0, 10, 50);
            Assert.InRange(s.GuidanceScale ?? 0, 3f, 12f);
        });
        Assert.True(styles.Select(s => s.Sampler).Distinct().Count() > 1, "every built-in style recommends the same sampler");
    }

    [Fact]
    public void Find_and_get_by_id()
    {
        var catalog = StyleCatalog.BuiltIn;
        Assert.Equal("Oil painting", catalog.Get("oil-painting").DisplayName);
        Assert.Null(catalog.TryFind("Oil-Painting"));
        var e = Assert.Throws<UnknownStyleException>(() => catalog.Get("pointillism"));
        Assert.Equal("pointillism", e.StyleId);
        Assert.Contains("anime", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_subject_replaces_the_placeholder()
    {
        var prompt = StyleCatalog.BuiltIn.Get("studio-portrait").PromptFor("a person");
        Assert.StartsWith("professional studio portrait photo of a person,", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("{", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void A_catalog_refuses_duplicates_and_prompts_without_the_placeholder()
    {
        var ok = new PortraitStyle("a", "A", "photo of {subject}", "", 1);
        Assert.Throws<InvalidDataException>(() => new StyleCatalog([ok, ok]));
        Assert.Throws<InvalidDataException>(() => new StyleCatalog([ok with { Prompt = "a photo" }]));
        Assert.Throws<InvalidDataException>(() => new StyleCatalog([ok with { DefaultFaceScale = 2 }]));
    }
}
