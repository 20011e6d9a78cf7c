using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Identity;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Templates;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Functions.Durable;

/// <summary>
/// Hosts the Pipeline's activities as Durable Functions activities under the names in <see cref="PortraitActivityNames"/>
/// , <see cref="DiffusionTaskNames"/> and <see cref="IdentityTaskNames"/>.
/// Each activity class is created from the invocation's services, so it gets the same services as on the embedded engine.
/// </summary>
public sealed class PortraitActivityFunctions(IServiceProvider services)
{
    [Function(PortraitActivityNames.DetectFaces)]
    public Task<FaceDetectionSummary> DetectFaces([ActivityTrigger] DetectFacesInput input, string instanceId) =>
        Create<DetectFacesActivity>().RunAsync(Context(PortraitActivityNames.DetectFaces, instanceId), input);

    [Function(PortraitActivityNames.EstimatePose)]
    public Task<PoseSummary> EstimatePose([ActivityTrigger] EstimatePoseInput input, string instanceId) =>
        Create<EstimatePoseActivity>().RunAsync(Context(PortraitActivityNames.EstimatePose, instanceId), input);

    [Function(PortraitActivityNames.EncodeIdentity)]
    public Task<IdentitySummary> EncodeIdentity([ActivityTrigger] EncodeIdentityInput input, string instanceId) =>
        Create<EncodeIdentityActivity>().RunAsync(Context(PortraitActivityNames.EncodeIdentity, instanceId), input);

    [Function(PortraitActivityNames.PrepareStyle)]
    public Task<PreparedStyle> PrepareStyle([ActivityTrigger] PrepareStyleInput input, string instanceId) =>
        Create<PrepareStyleActivity>().RunAsync(Context(PortraitActivityNames.PrepareStyle, instanceId), input);

    [Function(PortraitActivityNames.GenerateImage)]
    public Task<GeneratedImageSummary> GenerateImage([ActivityTrigger] GenerateImageInput input, string instanceId) =>
        Create<GenerateImageActivity>().RunAsync(Context(PortraitActivityNames.GenerateImage, instanceId), input);

    [Function(PortraitActivityNames.Publish)]
    public Task<PortraitJobResult> Publish([ActivityTrigger] PublishInput input, string instanceId) =>
        Create<PublishActivity>().RunAsync(Context(PortraitActivityNames.Publish, instanceId), input);

    [Function(DiffusionTaskNames.SubmitDiffusionJob)]
    public Task<string> SubmitDiffusionJob([ActivityTrigger] DiffusionJobMessage input, string instanceId) =>
        Create<SubmitDiffusionJobActivity>().RunAsync(Context(DiffusionTaskNames.SubmitDiffusionJob, instanceId), input);

    [Function(TemplateTaskNames.DetectTemplateFaces)]
    public Task<TemplateFacesSummary> DetectTemplateFaces([ActivityTrigger] DetectTemplateFacesInput input, string instanceId) =>
        Create<DetectTemplateFacesActivity>().RunAsync(Context(TemplateTaskNames.DetectTemplateFaces, instanceId), input);

    [Function(TemplateTaskNames.RedrawFace)]
    public Task<RedrawnFace> RedrawFace([ActivityTrigger] RedrawFaceInput input, string instanceId) =>
        Create<RedrawFaceActivity>().RunAsync(Context(TemplateTaskNames.RedrawFace, instanceId), input);

    [Function(TemplateTaskNames.PublishTemplate)]
    public Task<PortraitJobResult> PublishTemplate([ActivityTrigger] PublishTemplateInput input, string instanceId) =>
        Create<PublishTemplateActivity>().RunAsync(Context(TemplateTaskNames.PublishTemplate, instanceId), input);
    [Function(DiffusionTaskNames.StopQueuedImages)]
    public Task<bool> StopQueuedImages([ActivityTrigger] StopQueuedImagesInput input, string instanceId) =>
        Create<StopQueuedImagesActivity>().RunAsync(Context(DiffusionTaskNames.StopQueuedImages, instanceId), input);
    [Function(IdentityTaskNames.VerifyIdentity)]
    public Task<IdentityVerification> VerifyIdentity([ActivityTrigger] VerifyIdentityInput input, string instanceId) =>
        Create<VerifyIdentityActivity>().RunAsync(Context(IdentityTaskNames.VerifyIdentity, instanceId), input);

    [Function(IdentityTaskNames.FuseFace)]
    public Task<FusedImageSummary> FuseFace([ActivityTrigger] FuseFaceInput input, string instanceId) =>
        Create<FuseFaceActivity>().RunAsync(Context(IdentityTaskNames.FuseFace, instanceId), input);

    private T Create<T>() where T : ITaskActivity => ActivatorUtilities.GetServiceOrCreateInstance<T>(services);

    private static FunctionActivityContext Context(string name, string instanceId) => new(name, instanceId);
}
