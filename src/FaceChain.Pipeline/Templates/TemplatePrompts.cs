namespace FaceChain.Pipeline.Templates;

/// <summary>
/// The prompts of a face redraw. The template photo sets the look, so the prompt only asks for a natural, sharp face
/// (FACT's inpainting prompt has the same intent); the identity comes from the face adapter.
/// </summary>
public static class TemplatePrompts
{
    public const string Prompt = "a photo of a person's face, natural skin, detailed eyes, sharp focus, realistic lighting";
    public const string NegativePrompt = "blurry, deformed, extra eyes, cartoon, painting, low quality, watermark";

    /// <summary>FACT's template-mode guidance scale and face-adapter weight.</summary>
    public const float DefaultGuidanceScale = 5f;

    public const float DefaultFaceScale = 0.55f;
}
