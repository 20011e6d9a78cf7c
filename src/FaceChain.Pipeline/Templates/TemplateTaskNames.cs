namespace FaceChain.Pipeline.Templates;

/// <summary>The registered names of the template family's orchestrator and activities.</summary>
public static class TemplateTaskNames
{
    public const string Orchestrator = "TemplateOrchestrator";
    public const string DetectTemplateFaces = "DetectTemplateFaces";
    public const string RedrawFace = "RedrawFace";
    public const string PublishTemplate = "PublishTemplate";
}
