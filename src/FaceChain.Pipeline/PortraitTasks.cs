using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Admission;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Identity;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Templates;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline;

/// <summary>
/// The orchestrators and activities of the portrait pipeline by registered name. Every host (embedded engine,
/// Functions wrappers, tests) registers exactly these, so names and classes cannot drift apart.
/// </summary>
public static class PortraitTasks
{
    public static IReadOnlyList<(string Name, Type Type)> Orchestrators { get; } =
    [
        (PortraitActivityNames.Orchestrator, typeof(PortraitOrchestrator)),
        (DiffusionTaskNames.GenerateImageOnWorker, typeof(QueuedImageOrchestrator)),
        (TemplateTaskNames.Orchestrator, typeof(TemplateOrchestrator)),
        (IdentityTaskNames.GenerateVerifiedImage, typeof(VerifiedImageOrchestrator)),
        (JobAdmissionNames.Orchestrator, typeof(JobAdmissionOrchestrator)),
    ];

    public static IReadOnlyList<(string Name, Type Type)> Activities { get; } =
    [
        (PortraitActivityNames.DetectFaces, typeof(DetectFacesActivity)),
        (PortraitActivityNames.EstimatePose, typeof(EstimatePoseActivity)),
        (PortraitActivityNames.EncodeIdentity, typeof(EncodeIdentityActivity)),
        (PortraitActivityNames.PrepareStyle, typeof(PrepareStyleActivity)),
        (PortraitActivityNames.GenerateImage, typeof(GenerateImageActivity)),
        (PortraitActivityNames.Publish, typeof(PublishActivity)),
        (DiffusionTaskNames.SubmitDiffusionJob, typeof(SubmitDiffusionJobActivity)),
        (TemplateTaskNames.DetectTemplateFaces, typeof(DetectTemplateFacesActivity)),
        (TemplateTaskNames.RedrawFace, typeof(RedrawFaceActivity)),
        (TemplateTaskNames.PublishTemplate, typeof(PublishTemplateActivity)),
        (DiffusionTaskNames.StopQueuedImages, typeof(StopQueuedImagesActivity)),
        (IdentityTaskNames.VerifyIdentity, typeof(VerifyIdentityActivity)),
        (IdentityTaskNames.FuseFace, typeof(FuseFaceActivity)),
    ];

    /// <summary>Adds every orchestrator and activity to <paramref name="registry"/>; activities get their services from the worker's DI container.</summary>
    public static DurableTaskRegistry AddPortraitTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var (name, type) in Orchestrators)
        {
            registry.AddOrchestrator(name, type);
        }

        foreach (var (name, type) in Activities)
        {
            registry.AddActivity(name, type);
        }

        return registry;
    }
}
