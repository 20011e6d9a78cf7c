namespace FaceChain.Pipeline.Contracts;

/// <summary>
/// What a client asks for, in every mode (JSON: camelCase, enums as camelCase strings). Defaults give a
/// usable style job; <see cref="JobRequestValidator"/> reports every problem at once. Steps, guidance scale and sampler
/// left out (null) are the style's recommendations, else the pipeline defaults (<see cref="Styles.GenerationSettings"/>).
/// </summary>
public sealed record PortraitJobRequest
{
    public JobMode Mode { get; init; } = JobMode.Style;

    /// <summary>The person to portray (all modes but <see cref="JobMode.MultiTemplate"/>, which names one per face in <see cref="Faces"/>).</summary>
    public PhotoSource? CharacterPhoto { get; init; }

    /// <summary>A style id from the catalog, built-in or blob (style, pose and customLora modes).</summary>
    public string? StyleId { get; init; }

    /// <summary>Images to make, 1..8.</summary>
    public int Count { get; init; } = 1;

    public int Width { get; init; } = 512;

    public int Height { get; init; } = 512;

    /// <summary>Denoising steps, 1..100; absent means the style's recommendation, else 20.</summary>
    public int? Steps { get; init; }

    /// <summary>Classifier-free guidance scale, 0..20 (≤ 1 turns guidance off); absent means the style's recommendation, else 7.5.</summary>
    public float? GuidanceScale { get; init; }

    /// <summary>Face-adapter weight, 0..1.5 (0 = no identity); absent means the style's default.</summary>
    public float? FaceScale { get; init; }

    /// <summary>The sampler; absent means the style's recommendation, else DPM++ 2M Karras.</summary>
    public PortraitSampler? Sampler { get; init; }

    /// <summary>Base seed; image k uses SeedSequence.Derive(seed, k). Absent: derived from the request's identity at submission.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Reference photo whose body pose the portraits follow (pose mode).</summary>
    public PhotoSource? PosePhoto { get; init; }

    /// <summary>How strongly the pose steers the portraits, 0..2 (pose mode); absent means 1. 0 ignores the pose.</summary>
    public float? PoseScale { get; init; }

    public const float MaxPoseScale = 2f;

    /// <summary>Photo whose face(s) are redrawn (template and multiTemplate modes).</summary>
    public PhotoSource? TemplatePhoto { get; init; }

    /// <summary>Which face of the template to redraw (template mode; faces are numbered from 0 as <c>facechain faces</c> numbers them).</summary>
    public int? FaceIndex { get; init; }

    /// <summary>The template faces to redraw and the person for each (multiTemplate mode; at most <see cref="MaxTemplateFaces"/>, indices distinct).</summary>
    public IReadOnlyList<TemplateFaceMapping>? Faces { get; init; }

    /// <summary>Image-to-image strength of each face redraw, 0..1 (template modes); absent means <see cref="DefaultTemplateStrength"/>.</summary>
    public float? Strength { get; init; }

    public const int MaxTemplateFaces = 8;

    /// <summary>FACT's inpainting strength.</summary>
    public const float DefaultTemplateStrength = 0.6f;

    /// <summary>The faces a template-family job redraws, in request order: its one face (template) or its list (multiTemplate).</summary>
    public IReadOnlyList<TemplateFaceMapping> TemplateFaces() => Mode switch
    {
        JobMode.Template when FaceIndex is { } index => [new TemplateFaceMapping(index, CharacterPhoto)],
        JobMode.MultiTemplate => Faces ?? [],
        _ => [],
    };

    /// <summary>
    /// The caller's LoRA (.safetensors, kohya or diffusers/PEFT keys) in the inputs container (customLora mode). It is
    /// fused on top of the style (and the style's own LoRA, if it has one).
    /// </summary>
    public BlobReference? Lora { get; init; }

    /// <summary>Strength of <see cref="Lora"/>, -2..2 (customLora mode); absent means 1. 0 leaves the model unchanged.</summary>
    public float? LoraMultiplier { get; init; }

    /// <summary>
    /// Several LoRAs of the caller's, each with its own multiplier (customLora mode; instead of <see cref="Lora"/>, at most
    /// <see cref="MaxCustomLoras"/>). All are fused together, on top of the style's own LoRA if it has one.
    /// </summary>
    public IReadOnlyList<CustomLora>? Loras { get; init; }

    public const int MaxCustomLoras = 4;

    /// <summary>Threshold and attempts of the per-output identity check; absent fields are the style's (see <see cref="IdentityCheckRequest"/>).</summary>
    public IdentityCheckRequest? IdentityCheck { get; init; }

    /// <summary>Fuse the character's face onto each output; absent means the style's choice, else none.</summary>
    public FaceFusionMode? FaceFusion { get; init; }

    /// <summary>The caller's LoRAs in either form (<see cref="Lora"/> or <see cref="Loras"/>), in request order.</summary>
    public IReadOnlyList<CustomLora> CustomLoras() =>
        Lora is { } single ? [new CustomLora(single, LoraMultiplier)] : Loras ?? [];
}
