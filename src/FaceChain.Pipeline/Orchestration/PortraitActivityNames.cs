namespace FaceChain.Pipeline.Orchestration;

/// <summary>The registered names of the portrait activities and orchestrator (every host registers these exact names).</summary>
public static class PortraitActivityNames
{
    public const string Orchestrator = "PortraitOrchestrator";
    public const string DetectFaces = "DetectFaces";
    public const string EstimatePose = "EstimatePose";
    public const string EncodeIdentity = "EncodeIdentity";
    public const string PrepareStyle = "PrepareStyle";
    public const string GenerateImage = "GenerateImage";
    public const string Publish = "Publish";
}
