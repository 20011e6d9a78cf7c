using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Styles;

namespace FaceChain.Pipeline.Tests;

public class JobRequestValidatorTests
{
    private static readonly JobRequestValidator Validator = new(StyleCatalog.BuiltIn);

    private static PortraitJobRequest Valid() => new()
    {
        CharacterPhoto = PhotoSource.FromBlob("inputs", "uploads/me.jpg"),
        StyleId = "studio-portrait",
        Count = 2,
        Width = 512,
        Height = 640,
    };

    private static ValidationError Single(PortraitJobRequest request)
    {
        var errors = Validator.Validate(request);
        return Assert.Single(errors);
    }

    [Fact]
    public void A_complete_style_request_has_no_errors()
    {
        Assert.Empty(Validator.Validate(Valid()));
        Assert.Empty(Validator.Validate(Valid() with { CharacterPhoto = PhotoSource.FromBytes([1, 2, 3]), FaceScale = 0, Seed = 42 }));
    }

    [Fact]
    public void A_missing_body_is_required()
    {
        Assert.Equal(ValidationCodes.Required, Assert.Single(Validator.Validate(null)).Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(-1)]
    public void Count_outside_1_to_8_is_out_of_range(int count)
    {
        var error = Single(Valid() with { Count = count });
        Assert.Equal(("count", ValidationCodes.OutOfRange), (error.Field, error.Code));
    }

    [Theory]
    [InlineData(1032, ValidationCodes.OutOfRange)]
    [InlineData(0, ValidationCodes.OutOfRange)]
    [InlineData(500, ValidationCodes.NotMultiple)]
    public void Width_must_be_a_multiple_of_the_model_sets_size_multiple_up_to_1024(int width, string code)
    {
        var error = Single(Valid() with { Width = width });
        Assert.Equal(("width", code), (error.Field, error.Code));
    }

    [Fact]
    public void The_size_multiple_comes_from_the_limits()
    {
        var strict = new JobRequestValidator(StyleCatalog.BuiltIn, new JobRequestLimits { ImageSizeMultiple = 64 });
        var error = Assert.Single(strict.Validate(Valid() with { Height = 520 }));
        Assert.Equal(("height", ValidationCodes.NotMultiple), (error.Field, error.Code));
        Assert.Empty(strict.Validate(Valid() with { Height = 1024 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Steps_outside_1_to_100_are_out_of_range(int steps) =>
        Assert.Equal(("steps", ValidationCodes.OutOfRange), Fields(Single(Valid() with { Steps = steps })));

    [Theory]
    [InlineData(-0.5f)]
    [InlineData(20.5f)]
    [InlineData(float.NaN)]
    public void Guidance_outside_0_to_20_is_out_of_range(float guidance) =>
        Assert.Equal(("guidanceScale", ValidationCodes.OutOfRange), Fields(Single(Valid() with { GuidanceScale = guidance })));

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.6f)]
    [InlineData(float.PositiveInfinity)]
    public void Face_scale_outside_0_to_1_5_is_out_of_range(float faceScale) =>
        Assert.Equal(("faceScale", ValidationCodes.OutOfRange), Fields(Single(Valid() with { FaceScale = faceScale })));

    [Fact]
    public void An_undefined_sampler_value_is_unknown() =>
        Assert.Equal(("sampler", ValidationCodes.UnknownValue), Fields(Single(Valid() with { Sampler = (PortraitSampler)17 })));

    [Fact]
    public void Style_mode_requires_a_photo_and_a_style()
    {
        var errors = Validator.Validate(new PortraitJobRequest());
        Assert.Contains(errors, e => e.Field == "characterPhoto" && e.Code == ValidationCodes.Required);
        Assert.Contains(errors, e => e.Field == "styleId" && e.Code == ValidationCodes.Required);
    }

    [Fact]
    public void An_unknown_style_is_named_with_the_known_ones()
    {
        var error = Single(Valid() with { StyleId = "van-gogh" });
        Assert.Equal(("styleId", ValidationCodes.UnknownStyle), Fields(error));
        Assert.Contains("van-gogh", error.Message, StringComparison.Ordinal);
        Assert.Contains("studio-portrait", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_photo_with_both_blob_and_data_is_ambiguous() =>
        Assert.Equal(ValidationCodes.AmbiguousPhoto,
            Single(Valid() with { CharacterPhoto = new PhotoSource { Blob = new("inputs", "a.jpg"), Data = [1] } }).Code);

    [Fact]
    public void Inline_data_over_the_limit_is_too_large()
    {
        var small = new JobRequestValidator(StyleCatalog.BuiltIn, new JobRequestLimits { MaxInlinePhotoBytes = 10 });
        var error = Assert.Single(small.Validate(Valid() with { CharacterPhoto = PhotoSource.FromBytes(new byte[11]) }));
        Assert.Equal(("characterPhoto", ValidationCodes.TooLarge), Fields(error));
        Assert.Equal(ValidationCodes.Required, Single(Valid() with { CharacterPhoto = PhotoSource.FromBytes([]) }).Code);
    }

    [Theory]
    [InlineData("outputs", "x/me.jpg")]
    [InlineData("work", "me.jpg")]
    [InlineData("inputs", "../outputs/me.jpg")]
    [InlineData("inputs", "a/../../me.jpg")]
    [InlineData("inputs", "a/./me.jpg")]
    [InlineData("inputs", "/etc/passwd")]
    [InlineData("inputs", "C:/windows/me.jpg")]
    [InlineData("inputs", "a\\..\\me.jpg")]
    [InlineData("inputs", "a//me.jpg")]
    [InlineData("inputs", "")]
    [InlineData("inputs", "dir/")]
    public void Blob_references_must_stay_inside_the_inputs_container(string container, string name)
    {
        var error = Single(Valid() with { CharacterPhoto = PhotoSource.FromBlob(container, name) });
        Assert.Equal(("characterPhoto.blob", ValidationCodes.InvalidBlobReference), Fields(error));
    }

    [Fact]
    public void Over_long_blob_names_are_refused()
    {
        var error = Single(Valid() with { CharacterPhoto = PhotoSource.FromBlob("inputs", new string('a', 1025)) });
        Assert.Equal(ValidationCodes.InvalidBlobReference, error.Code);
        Assert.Contains("1024", error.Message, StringComparison.Ordinal);
    }

    private static PortraitJobRequest TemplateRequest() => Valid() with
    {
        Mode = JobMode.Template,
        StyleId = null,
        TemplatePhoto = PhotoSource.FromBlob("inputs", "t.jpg"),
        FaceIndex = 2,
        Width = 512,
        Height = 512,
    };

    private static PortraitJobRequest MultiTemplateRequest(params int[] indexes) => Valid() with
    {
        Mode = JobMode.MultiTemplate,
        StyleId = null,
        CharacterPhoto = null,
        TemplatePhoto = PhotoSource.FromBlob("inputs", "t.jpg"),
        Faces = [.. indexes.Select(i => new TemplateFaceMapping(i, PhotoSource.FromBlob("inputs", $"p{i}.jpg")))],
        Width = 512,
        Height = 512,
    };

    [Fact]
    public void Complete_template_requests_have_no_errors()
    {
        Assert.Empty(Validator.Validate(TemplateRequest()));
        Assert.Empty(Validator.Validate(TemplateRequest() with { Strength = 0 }));
        Assert.Empty(Validator.Validate(MultiTemplateRequest(0, 3, 1)));
        Assert.Empty(Validator.Validate(MultiTemplateRequest(0, 1, 2, 3, 4, 5, 6, 7) with { Strength = 1 }));
    }

    [Fact]
    public void Template_requests_need_a_face_index_a_template_and_a_square_size()
    {
        var errors = Validator.Validate(TemplateRequest() with { FaceIndex = null, TemplatePhoto = null, Height = 256, Strength = 1.5f, StyleId = "anime" });
        Assert.Equal(
            [("faceIndex", ValidationCodes.Required), ("height", ValidationCodes.OutOfRange), ("strength", ValidationCodes.OutOfRange),
             ("styleId", ValidationCodes.NotApplicable), ("templatePhoto", ValidationCodes.Required)],
            errors.Select(e => (e.Field, e.Code)).Order());
        Assert.Equal(("faceIndex", ValidationCodes.OutOfRange), (Single(TemplateRequest() with { FaceIndex = -1 }).Field, Single(TemplateRequest() with { FaceIndex = -1 }).Code));
    }

    [Fact]
    public void MultiTemplate_refuses_duplicate_indexes_more_than_eight_faces_and_a_missing_photo()
    {
        var duplicate = Single(MultiTemplateRequest(2, 0, 2));
        Assert.Equal(("faces[2].faceIndex", ValidationCodes.Duplicate), (duplicate.Field, duplicate.Code));
        Assert.Contains("template face 2 is mapped more than once", duplicate.Message, StringComparison.Ordinal);

        var tooMany = Single(MultiTemplateRequest(0, 1, 2, 3, 4, 5, 6, 7, 8));
        Assert.Equal(("faces", ValidationCodes.OutOfRange), (tooMany.Field, tooMany.Code));

        var noPhoto = Single(MultiTemplateRequest(0, 1) with { Faces = [new TemplateFaceMapping(0, PhotoSource.FromBlob("inputs", "a.jpg")), new TemplateFaceMapping(1, null)] });
        Assert.Equal(("faces[1].characterPhoto", ValidationCodes.Required), (noPhoto.Field, noPhoto.Code));

        Assert.Equal(("faces", ValidationCodes.Required), (Single(MultiTemplateRequest()).Field, Single(MultiTemplateRequest()).Code));
        var both = Single(MultiTemplateRequest(0) with { CharacterPhoto = PhotoSource.FromBlob("inputs", "x.jpg") });
        Assert.Equal(("characterPhoto", ValidationCodes.NotApplicable), (both.Field, both.Code));
    }

    [Fact]
    public void Template_fields_are_refused_in_other_modes()
    {
        var errors = Validator.Validate(Valid() with { FaceIndex = 1, Strength = 0.5f, Faces = [] });
        Assert.Equal(["faceIndex", "faces", "strength"], errors.Select(e => e.Field).Order());
        Assert.All(errors, e => Assert.Equal(ValidationCodes.NotApplicable, e.Code));
    }

    [Fact]
    public void A_complete_pose_request_has_no_errors_and_its_scale_is_bounded()
    {
        var pose = Valid() with { Mode = JobMode.Pose, PosePhoto = PhotoSource.FromBlob("inputs", "pose.jpg"), PoseScale = 2f };
        Assert.Empty(Validator.Validate(pose));

        var error = Single(pose with { PoseScale = 2.01f });
        Assert.Equal(("poseScale", ValidationCodes.OutOfRange), (error.Field, error.Code));
        error = Single(pose with { PoseScale = -0.5f });
        Assert.Equal(("poseScale", ValidationCodes.OutOfRange), (error.Field, error.Code));
        error = Single(Valid() with { PoseScale = 1f });
        Assert.Equal(("poseScale", ValidationCodes.NotApplicable), (error.Field, error.Code));
    }

    [Fact]
    public void A_complete_custom_lora_request_has_no_errors()
    {
        var custom = Valid() with { Mode = JobMode.CustomLora, Lora = new BlobReference("inputs", "loras/mine.safetensors") };

        Assert.Empty(Validator.Validate(custom));
        Assert.Empty(Validator.Validate(custom with { LoraMultiplier = -2 }));
        Assert.Empty(Validator.Validate(custom with { LoraMultiplier = 0 }));
        Assert.Empty(Validator.Validate(custom with { LoraMultiplier = 2 }));
    }

    [Theory]
    [InlineData(2.01f)]
    [InlineData(-3f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_lora_multiplier_outside_minus_two_to_two_is_out_of_range(float multiplier)
    {
        var error = Single(Valid() with { Mode = JobMode.CustomLora, Lora = new BlobReference("inputs", "l.safetensors"), LoraMultiplier = multiplier });

        Assert.Equal(("loraMultiplier", ValidationCodes.OutOfRange), (error.Field, error.Code));
    }

    [Fact]
    public void A_custom_lora_request_needs_the_lora_and_a_style_for_its_prompts()
    {
        var errors = Validator.Validate(Valid() with { Mode = JobMode.CustomLora, StyleId = null });

        Assert.Equal([("styleId", ValidationCodes.Required), ("lora", ValidationCodes.Required)], errors.Select(e => (e.Field, e.Code)));
        Assert.Contains("prompts", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_custom_loras_each_with_its_multiplier_are_valid_up_to_the_limit()
    {
        CustomLora Lora(int i, float? multiplier = null) => new(new BlobReference("inputs", $"loras/l{i}.safetensors"), multiplier);
        var custom = Valid() with { Mode = JobMode.CustomLora, Loras = [Lora(0, 0.5f), Lora(1)] };

        Assert.Empty(Validator.Validate(custom));
        Assert.Empty(Validator.Validate(custom with { Loras = [.. Enumerable.Range(0, PortraitJobRequest.MaxCustomLoras).Select(i => Lora(i, -2f))] }));
        Assert.Equal([Lora(0, 0.5f), Lora(1)], custom.CustomLoras());
        Assert.Equal([Lora(7, 0.25f)], (Valid() with { Mode = JobMode.CustomLora, Lora = Lora(7).Blob, LoraMultiplier = 0.25f }).CustomLoras());
    }

    [Fact]
    public void A_loras_list_is_refused_with_each_problem_named_by_its_entry()
    {
        CustomLora Lora(string name, float? multiplier = null) => new(new BlobReference("inputs", name), multiplier);
        var custom = Valid() with { Mode = JobMode.CustomLora };

        var errors = Validator.Validate(custom with { Loras = [Lora("a.safetensors"), Lora("../b.safetensors"), Lora("a.safetensors", 2.5f)] });
        Assert.Equal(
            [("loras[1].blob", ValidationCodes.InvalidBlobReference), ("loras[2].blob", ValidationCodes.InvalidBlobReference), ("loras[2].multiplier", ValidationCodes.OutOfRange)],
            errors.Select(e => (e.Field, e.Code)));
        Assert.Contains("twice", errors[1].Message, StringComparison.Ordinal);

        Assert.Equal(("loras", ValidationCodes.OutOfRange), FieldAndCode(Single(custom with { Loras = [] })));
        Assert.Equal(("loras", ValidationCodes.OutOfRange), FieldAndCode(Single(custom with
        {
            Loras = [.. Enumerable.Range(0, PortraitJobRequest.MaxCustomLoras + 1).Select(i => Lora($"l{i}.safetensors"))],
        })));
        Assert.Equal(("loras", ValidationCodes.NotApplicable), FieldAndCode(Single(custom with { Lora = Lora("a").Blob, Loras = [Lora("b")] })));
        Assert.Equal(("loraMultiplier", ValidationCodes.NotApplicable), FieldAndCode(Single(custom with { LoraMultiplier = 1, Loras = [Lora("b")] })));
        Assert.Equal(("loras", ValidationCodes.NotApplicable), FieldAndCode(Single(Valid() with { Loras = [Lora("b")] })));
    }

    private static (string Field, string Code) FieldAndCode(ValidationError error) => (error.Field, error.Code);

    [Fact]
    public void Style_ids_are_looked_up_in_the_catalog_given_to_validate()
    {
        var blobStyle = new PortraitStyle("my-blob-style", "Mine", "photo of {subject}");
        var catalog = new StyleCatalog([.. StyleCatalog.BuiltIn.All, blobStyle]);
        var request = Valid() with { StyleId = "my-blob-style" };

        Assert.Equal(ValidationCodes.UnknownStyle, Single(request).Code);
        Assert.Empty(Validator.Validate(request, catalog));
    }

    [Fact]
    public void Mode_specific_inputs_are_checked_and_refused_outside_their_mode()
    {
        var pose = Validator.Validate(Valid() with { Mode = JobMode.Pose });
        Assert.Contains(pose, e => e.Field == "posePhoto" && e.Code == ValidationCodes.Required);

        var lora = Validator.Validate(Valid() with { Mode = JobMode.CustomLora, Lora = new BlobReference("inputs", "../x.safetensors") });
        Assert.Contains(lora, e => e.Field == "lora" && e.Code == ValidationCodes.InvalidBlobReference);

        var style = Validator.Validate(Valid() with { PosePhoto = PhotoSource.FromBlob("inputs", "p.jpg"), Lora = new BlobReference("inputs", "l"), LoraMultiplier = 1 });
        Assert.Equal(["posePhoto", "lora", "loraMultiplier"], style.Select(e => e.Field));
        Assert.All(style, e => Assert.Equal(ValidationCodes.NotApplicable, e.Code));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = Validator.Validate(new PortraitJobRequest
        {
            Mode = JobMode.Pose,
            Count = 0,
            Width = 7,
            Steps = 1000,
            StyleId = "nope",
            CharacterPhoto = PhotoSource.FromBlob("inputs", ".."),
        });
        Assert.Equal(
            ["characterPhoto.blob", "count", "posePhoto", "steps", "styleId", "width"],
            errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Ensure_valid_throws_with_every_error()
    {
        var e = Assert.Throws<JobValidationException>(() => Validator.EnsureValid(Valid() with { Count = 0, StyleId = "x" }));
        Assert.Equal(2, e.Errors.Count);
        Assert.Contains("count", e.Message, StringComparison.Ordinal);
    }

    private static (string, string) Fields(ValidationError e) => (e.Field, e.Code);
}
