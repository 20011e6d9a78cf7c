using System.Text;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Identity;
using FaceChain.Pipeline.Styles;

namespace FaceChain.Pipeline.Tests;

/// <summary>The identity check's request fields, style.json fields, defaults and the no-face rule.</summary>
public sealed class IdentityCheckRulesTests
{
    private static readonly JobRequestValidator Validator = new(StyleCatalog.BuiltIn);

    private static PortraitJobRequest Valid() => new()
    {
        CharacterPhoto = PhotoSource.FromBlob("inputs", "uploads/me.jpg"),
        StyleId = "studio-portrait",
    };

    [Fact]
    public void Identity_check_fields_out_of_range_are_reported_with_their_field_and_code()
    {
        Assert.Empty(Validator.Validate(Valid() with { IdentityCheck = new(0.6f, 5, true), FaceFusion = FaceFusionMode.Blend }));

        var errors = Validator.Validate(Valid() with { IdentityCheck = new(1.5f, 0), FaceFusion = (FaceFusionMode)7 });

        Assert.Equal(
            [("identityCheck.threshold", ValidationCodes.OutOfRange), ("identityCheck.maxAttempts", ValidationCodes.OutOfRange), ("faceFusion", ValidationCodes.UnknownValue)],
            errors.Select(e => (e.Field, e.Code)));
        Assert.Equal("identityCheck.maxAttempts", Assert.Single(Validator.Validate(Valid() with { IdentityCheck = new(MaxAttempts: 6) })).Field);
        Assert.Equal("identityCheck.threshold", Assert.Single(Validator.Validate(Valid() with { IdentityCheck = new(float.NaN) })).Field);
    }

    [Fact]
    public void A_style_json_with_a_bad_identity_check_is_rejected_and_a_good_one_is_read()
    {
        var good = StyleDocument.Parse(Encoding.UTF8.GetBytes(
            """{"id": "s", "name": "S", "prompt": "photo of {subject}", "identityCheck": {"threshold": 0.45, "maxAttempts": 4}, "faceFusion": "blend"}"""), "s");
        var bad = Assert.Throws<InvalidStyleException>(() => StyleDocument.Parse(Encoding.UTF8.GetBytes(
            """{"id": "s", "name": "S", "prompt": "photo of {subject}", "identityCheck": {"threshold": -3, "maxAttempts": 9}}"""), "s"));

        Assert.Equal((0.45f, 4, FaceFusionMode.Blend), (good.IdentityCheck!.Threshold!.Value, good.IdentityCheck.MaxAttempts!.Value, good.FaceFusion!.Value));
        Assert.Contains(bad.Problems, p => p.Contains("identityCheck.threshold", StringComparison.Ordinal));
        Assert.Contains(bad.Problems, p => p.Contains("identityCheck.maxAttempts", StringComparison.Ordinal));
    }

    [Fact]
    public void The_plan_takes_each_field_from_the_request_else_the_style_else_the_defaults()
    {
        var style = new PortraitStyle("s", "S", "photo of {subject}") { IdentityCheck = new(0.55f, 3), FaceFusion = FaceFusionMode.Blend };
        var plain = new PortraitStyle("p", "P", "photo of {subject}");

        Assert.Equal(new IdentityCheckPlan(0.55f, 3, null, FaceFusionMode.Blend), IdentityCheckPlan.Resolve(null, null, style));
        Assert.Equal(new IdentityCheckPlan(0.55f, 1, false, FaceFusionMode.None),
            IdentityCheckPlan.Resolve(new(MaxAttempts: 1, RetryWithoutFace: false), FaceFusionMode.None, style));
        Assert.Equal(IdentityCheckPlan.Default, IdentityCheckPlan.Resolve(null, null, plain));
    }

    [Fact]
    public void Built_in_photo_styles_are_stricter_than_painterly_and_anime_ones()
    {
        float Threshold(string id) => StyleCatalog.BuiltIn.Get(id).IdentityCheck!.Threshold!.Value;

        Assert.All(StyleCatalog.BuiltIn.All, s => Assert.NotNull(s.IdentityCheck));
        Assert.True(Threshold("studio-portrait") > Threshold("oil-painting"));
        Assert.True(Threshold("oil-painting") > Threshold("anime"));
        Assert.True(Threshold("business-headshot") > Threshold("watercolor"));
    }

    [Theory]
    [InlineData("tiny-random-v1", null, false)]
    [InlineData("sd15-random-full", null, false)]
    [InlineData("sd15-fact", null, true)]
    [InlineData("tiny-random-v1", true, true)]
    [InlineData("sd15-fact", false, false)]
    public void No_face_is_retried_unless_the_set_is_random_weight_or_the_request_says(string modelSet, bool? retryWithoutFace, bool retries) =>
        Assert.Equal(retries, (IdentityCheckPlan.Default with { RetryWithoutFace = retryWithoutFace }).RetriesWithoutFace(modelSet));
}
