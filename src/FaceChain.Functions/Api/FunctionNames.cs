namespace FaceChain.Functions.Api;

/// <summary>The names of the app's HTTP and trigger functions (the Durable ones are named by PortraitActivityNames).</summary>
public static class FunctionNames
{
    public const string SubmitPortraitJob = "SubmitPortraitJob";
    public const string GetPortraitJob = "GetPortraitJob";
    public const string CancelPortraitJob = "CancelPortraitJob";
    public const string ListStyles = "ListStyles";
    public const string UploadLora = "UploadLora";
    public const string AnalyzeFaces = "AnalyzeFaces";
    public const string ListModes = "ListModes";

    /// <summary>The web page and its assets (anonymous: the page carries no secret; the API calls it makes need the key).</summary>
    public const string WebPage = "WebPage";

    /// <summary>The queue trigger on diffusion-results that relays GPU worker results to their orchestrations.</summary>
    public const string RelayDiffusionResult = "RelayDiffusionResult";

    /// <summary>infra/names.json functions.blobUploadTrigger: the Event Grid subscription created at deployment targets this name.</summary>
    public const string StartJobFromUpload = "StartJobFromUpload";
}
