using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;

namespace FaceChain.Pipeline.Contracts;

/// <summary>
/// Checks a request against the contract and the limits, returning every problem at once. Every mode (style, pose,
/// customLora, template, multiTemplate) runs; an unknown one is refused. Template face indexes are checked against the
/// template photo's faces at submission (<see cref="Submission.TemplateFaceCheck"/>), which needs the photo.
/// Style ids are checked against the catalog given to <see cref="Validate(PortraitJobRequest?, StyleCatalog?)"/> (the
/// built-in and blob styles at submission), else the one this validator was made with. The LoRA file itself is checked
/// by PrepareStyle, which has to read it anyway.
/// </summary>
public sealed class JobRequestValidator(StyleCatalog styles, JobRequestLimits? limits = null)
{
    public JobRequestLimits Limits { get; } = limits ?? new JobRequestLimits();

    public IReadOnlyList<ValidationError> Validate(PortraitJobRequest? request) => Validate(request, null);

    /// <summary>Every problem of <paramref name="request"/>, with style ids looked up in <paramref name="catalog"/> (null: this validator's own).</summary>
    public IReadOnlyList<ValidationError> Validate(PortraitJobRequest? request, StyleCatalog? catalog)
    {
        var errors = new List<ValidationError>();
        if (request is null)
        {
            errors.Add(new("", ValidationCodes.Required, "the request body is required"));
            return errors;
        }

        ValidateMode(request, errors);
        if (request.Mode == JobMode.MultiTemplate)
        {
            if (request.CharacterPhoto is not null)
            {
                errors.Add(new("characterPhoto", ValidationCodes.NotApplicable, "multiTemplate names a character photo per face in faces"));
            }
        }
        else
        {
            ValidatePhoto("characterPhoto", request.CharacterPhoto, required: true, errors);
        }
        ValidateNumbers(request, errors);
        ValidateStyle(request, catalog ?? styles, errors);
        ValidateModeInputs(request, errors);
        return errors;
    }

    /// <summary>Throws <see cref="JobValidationException"/> with every problem when the request is invalid.</summary>
    public void EnsureValid(PortraitJobRequest? request, StyleCatalog? catalog = null)
    {
        var errors = Validate(request, catalog);
        if (errors.Count > 0)
        {
            throw new JobValidationException(errors);
        }
    }

    private static void ValidateMode(PortraitJobRequest request, List<ValidationError> errors)
    {
        var feature = request.Mode switch
        {
            JobMode.Style or JobMode.CustomLora or JobMode.Pose or JobMode.Template or JobMode.MultiTemplate => null,
            _ => "this mode",
        };
        if (!Enum.IsDefined(request.Mode))
        {
            errors.Add(new("mode", ValidationCodes.UnknownValue, $"mode {(int)request.Mode} is not a known mode"));
        }
        else if (feature is not null)
        {
            errors.Add(new("mode", ValidationCodes.NotSupportedYet, $"{feature} is not supported yet"));
        }
    }

    private void ValidateNumbers(PortraitJobRequest request, List<ValidationError> errors)
    {
        var l = Limits;
        if (request.Count < 1 || request.Count > l.MaxCount)
        {
            errors.Add(new("count", ValidationCodes.OutOfRange, $"count must be between 1 and {l.MaxCount} (got {request.Count})"));
        }

        ValidateSide("width", request.Width, errors);
        ValidateSide("height", request.Height, errors);
        // Absent values are the style's recommendations (checked by StyleRules) or the defaults; only given ones are checked here.
        if (request.Steps is { } steps && (steps < 1 || steps > l.MaxSteps))
        {
            errors.Add(new("steps", ValidationCodes.OutOfRange, $"steps must be between 1 and {l.MaxSteps} (got {steps})"));
        }

        if (request.GuidanceScale is { } guidance && !(guidance >= 0 && guidance <= l.MaxGuidanceScale))
        {
            errors.Add(new("guidanceScale", ValidationCodes.OutOfRange,
                $"guidanceScale must be between 0 and {l.MaxGuidanceScale} (got {guidance})"));
        }

        if (request.FaceScale is { } faceScale && !(faceScale >= 0 && faceScale <= l.MaxFaceScale))
        {
            errors.Add(new("faceScale", ValidationCodes.OutOfRange, $"faceScale must be between 0 and {l.MaxFaceScale} (got {faceScale})"));
        }

        if (request.Sampler is { } sampler && !Enum.IsDefined(sampler))
        {
            errors.Add(new("sampler", ValidationCodes.UnknownValue, $"sampler {(int)sampler} is not a known sampler"));
        }

        if (request.IdentityCheck is { Threshold: { } threshold } && !(threshold >= -1 && threshold <= 1))
        {
            errors.Add(new("identityCheck.threshold", ValidationCodes.OutOfRange, $"identityCheck.threshold must be between -1 and 1 (got {threshold})"));
        }

        if (request.IdentityCheck is { MaxAttempts: { } attempts } && (attempts < 1 || attempts > l.MaxIdentityAttempts))
        {
            errors.Add(new("identityCheck.maxAttempts", ValidationCodes.OutOfRange,
                $"identityCheck.maxAttempts must be between 1 and {l.MaxIdentityAttempts} (got {attempts})"));
        }

        if (request.FaceFusion is { } fusion && !Enum.IsDefined(fusion))
        {
            errors.Add(new("faceFusion", ValidationCodes.UnknownValue, $"faceFusion {(int)fusion} is not a known value (none or blend)"));
        }
    }

    private void ValidateSide(string field, int value, List<ValidationError> errors)
    {
        var l = Limits;
        if (value < l.ImageSizeMultiple || value > l.MaxSide)
        {
            errors.Add(new(field, ValidationCodes.OutOfRange, $"{field} must be between {l.ImageSizeMultiple} and {l.MaxSide} (got {value})"));
        }
        else if (value % l.ImageSizeMultiple != 0)
        {
            errors.Add(new(field, ValidationCodes.NotMultiple, $"{field} must be a multiple of {l.ImageSizeMultiple} (got {value})"));
        }
    }

    private static void ValidateStyle(PortraitJobRequest request, StyleCatalog styles, List<ValidationError> errors)
    {
        var needsStyle = request.Mode is JobMode.Style or JobMode.Pose or JobMode.CustomLora;
        if (string.IsNullOrWhiteSpace(request.StyleId))
        {
            if (needsStyle)
            {
                errors.Add(new("styleId", ValidationCodes.Required, request.Mode == JobMode.CustomLora
                    ? "styleId is required: the style gives the prompts the custom LoRA is applied with"
                    : "styleId is required"));
            }

            return;
        }

        if (request.Mode is JobMode.Template or JobMode.MultiTemplate)
        {
            errors.Add(new("styleId", ValidationCodes.NotApplicable, "styleId is not used in template modes: the template photo sets the look"));
            return;
        }

        if (!styles.Contains(request.StyleId))
        {
            errors.Add(new("styleId", ValidationCodes.UnknownStyle,
                $"unknown style '{request.StyleId}'; known styles: {string.Join(", ", styles.Ids)}"));
        }
    }

    private void ValidateModeInputs(PortraitJobRequest request, List<ValidationError> errors)
    {
        var mode = request.Mode;
        if (mode == JobMode.Pose)
        {
            ValidatePhoto("posePhoto", request.PosePhoto, required: true, errors);
            if (request.PoseScale is { } scale && !(scale >= 0 && scale <= PortraitJobRequest.MaxPoseScale))
            {
                errors.Add(new("poseScale", ValidationCodes.OutOfRange, $"poseScale must be between 0 and {PortraitJobRequest.MaxPoseScale} (got {scale})"));
            }
        }
        else
        {
            if (request.PosePhoto is not null)
            {
                errors.Add(NotApplicable("posePhoto", "pose"));
            }

            if (request.PoseScale is not null)
            {
                errors.Add(NotApplicable("poseScale", "pose"));
            }
        }

        if (mode is JobMode.Template or JobMode.MultiTemplate)
        {
            ValidatePhoto("templatePhoto", request.TemplatePhoto, required: true, errors);
        }
        else if (request.TemplatePhoto is not null)
        {
            errors.Add(NotApplicable("templatePhoto", "template or multiTemplate"));
        }

        if (mode is JobMode.Template or JobMode.MultiTemplate)
        {
            ValidateTemplateFaces(request, errors);
        }
        else
        {
            if (request.FaceIndex is not null)
            {
                errors.Add(NotApplicable("faceIndex", "template"));
            }

            if (request.Faces is not null)
            {
                errors.Add(NotApplicable("faces", "multiTemplate"));
            }

            if (request.Strength is not null)
            {
                errors.Add(NotApplicable("strength", "template or multiTemplate"));
            }
        }

        if (mode == JobMode.CustomLora)
        {
            ValidateCustomLoras(request, errors);
        }
        else
        {
            if (request.Lora is not null)
            {
                errors.Add(NotApplicable("lora", "customLora"));
            }

            if (request.LoraMultiplier is not null)
            {
                errors.Add(NotApplicable("loraMultiplier", "customLora"));
            }

            if (request.Loras is not null)
            {
                errors.Add(NotApplicable("loras", "customLora"));
            }
        }
    }

    /// <summary>
    /// template: faceIndex (0 or more) with the characterPhoto; multiTemplate: faces, 1 to <see cref="PortraitJobRequest.MaxTemplateFaces"/>
    /// distinct indexes, each with its photo. Both: a square generation size (the crop is square) and strength 0..1.
    /// </summary>
    private void ValidateTemplateFaces(PortraitJobRequest request, List<ValidationError> errors)
    {
        if (request.Strength is { } strength && !(strength >= 0 && strength <= 1))
        {
            errors.Add(new("strength", ValidationCodes.OutOfRange, $"strength must be between 0 and 1 (got {strength})"));
        }

        if (request.Width != request.Height)
        {
            errors.Add(new("height", ValidationCodes.OutOfRange,
                $"template modes redraw a square crop: width and height must be equal (got {request.Width}x{request.Height})"));
        }

        if (request.Mode == JobMode.Template)
        {
            if (request.FaceIndex is not { } index)
            {
                errors.Add(new("faceIndex", ValidationCodes.Required, "faceIndex is required: which face of the template to redraw (0-based, as `facechain faces` numbers them)"));
            }
            else if (index < 0)
            {
                errors.Add(new("faceIndex", ValidationCodes.OutOfRange, $"faceIndex must be 0 or more (got {index})"));
            }

            if (request.Faces is not null)
            {
                errors.Add(NotApplicable("faces", "multiTemplate"));
            }

            return;
        }

        if (request.FaceIndex is not null)
        {
            errors.Add(new("faceIndex", ValidationCodes.NotApplicable, "faceIndex is only used in template mode; multiTemplate names each face in faces"));
        }

        if (request.Faces is not { Count: > 0 } faces)
        {
            errors.Add(new("faces", ValidationCodes.Required, "faces is required: [{faceIndex, characterPhoto}], one entry per template face to redraw"));
            return;
        }

        if (faces.Count > PortraitJobRequest.MaxTemplateFaces)
        {
            errors.Add(new("faces", ValidationCodes.OutOfRange, $"faces may map at most {PortraitJobRequest.MaxTemplateFaces} faces (got {faces.Count})"));
            return;
        }

        var seen = new HashSet<int>();
        for (var i = 0; i < faces.Count; i++)
        {
            if (faces[i] is not { } face)
            {
                errors.Add(new($"faces[{i}]", ValidationCodes.Required, $"faces[{i}] is empty"));
                continue;
            }

            if (face.FaceIndex < 0)
            {
                errors.Add(new($"faces[{i}].faceIndex", ValidationCodes.OutOfRange, $"faces[{i}].faceIndex must be 0 or more (got {face.FaceIndex})"));
            }
            else if (!seen.Add(face.FaceIndex))
            {
                errors.Add(new($"faces[{i}].faceIndex", ValidationCodes.Duplicate, $"template face {face.FaceIndex} is mapped more than once"));
            }

            ValidatePhoto($"faces[{i}].characterPhoto", face.CharacterPhoto, required: true, errors);
        }
    }

    /// <summary>customLora: one LoRA (lora + loraMultiplier) or several (loras), blobs in the inputs container, each once.</summary>
    private void ValidateCustomLoras(PortraitJobRequest request, List<ValidationError> errors)
    {
        if (request.Lora is not null && request.Loras is not null)
        {
            errors.Add(new("loras", ValidationCodes.NotApplicable, "give either lora (one LoRA) or loras (several), not both"));
            return;
        }

        if (request.Loras is not null && request.LoraMultiplier is not null)
        {
            errors.Add(new("loraMultiplier", ValidationCodes.NotApplicable, "loraMultiplier belongs to lora; each entry of loras has its own multiplier"));
        }

        if (request.Lora is null && request.Loras is null)
        {
            errors.Add(new("lora", ValidationCodes.Required, "lora is required: the LoRA file's blob in the inputs container (or loras, for several)"));
            return;
        }

        if (request.Loras is { } list && (list.Count == 0 || list.Count > PortraitJobRequest.MaxCustomLoras))
        {
            errors.Add(new("loras", ValidationCodes.OutOfRange, $"loras must name 1 to {PortraitJobRequest.MaxCustomLoras} LoRAs (got {list.Count})"));
            return;
        }

        var single = request.Lora is not null;
        var seen = new HashSet<BlobReference>();
        var loras = request.CustomLoras();
        for (var i = 0; i < loras.Count; i++)
        {
            var (blobField, multiplierField) = single ? ("lora", "loraMultiplier") : ($"loras[{i}].blob", $"loras[{i}].multiplier");
            if (loras[i]?.Blob is not { } blob)
            {
                errors.Add(new(blobField, ValidationCodes.Required, $"{blobField} is required: the LoRA file's blob in the inputs container"));
                continue;
            }

            ValidateBlob(blobField, blob, errors);
            if (!seen.Add(blob))
            {
                errors.Add(new(blobField, ValidationCodes.InvalidBlobReference, $"{blobField} names {blob} twice; give one entry with the summed multiplier"));
            }

            if (loras[i].Multiplier is { } multiplier && !StyleRules.IsValidMultiplier(multiplier))
            {
                errors.Add(new(multiplierField, ValidationCodes.OutOfRange,
                    $"{multiplierField} must be between -{StyleRules.MaxLoraMultiplier} and {StyleRules.MaxLoraMultiplier} (got {multiplier})"));
            }
        }
    }

    private void ValidatePhoto(string field, PhotoSource? photo, bool required, List<ValidationError> errors)
    {
        if (photo is null || (photo.Blob is null && photo.Data is null))
        {
            if (required)
            {
                errors.Add(new(field, ValidationCodes.Required, $"{field} is required: a blob in the '{BlobLayout.Inputs}' container or inline base64 data"));
            }

            return;
        }

        if (photo.Blob is not null && photo.Data is not null)
        {
            errors.Add(new(field, ValidationCodes.AmbiguousPhoto, $"{field} must give either a blob or inline data, not both"));
            return;
        }

        if (photo.Data is { } data)
        {
            if (data.Length == 0)
            {
                errors.Add(new(field, ValidationCodes.Required, $"{field} inline data is empty"));
            }
            else if (data.Length > Limits.MaxInlinePhotoBytes)
            {
                errors.Add(new(field, ValidationCodes.TooLarge,
                    $"{field} inline data is {data.Length} bytes; the limit is {Limits.MaxInlinePhotoBytes} (upload larger photos as blobs)"));
            }

            return;
        }

        ValidateBlob(field + ".blob", photo.Blob!, errors);
    }

    private void ValidateBlob(string field, BlobReference blob, List<ValidationError> errors)
    {
        if (!string.Equals(blob.Container, BlobLayout.Inputs, StringComparison.Ordinal))
        {
            errors.Add(new(field, ValidationCodes.InvalidBlobReference,
                $"{field} must be in the '{BlobLayout.Inputs}' container (got '{blob.Container}')"));
            return;
        }

        if (BlobNameRules.Problem(blob.Name, Limits.MaxBlobNameLength) is { } problem)
        {
            errors.Add(new(field, ValidationCodes.InvalidBlobReference, $"{field}: {problem}"));
        }
    }

    private static ValidationError NotApplicable(string field, string modes) =>
        new(field, ValidationCodes.NotApplicable, $"{field} is only used in {modes} mode");
}
