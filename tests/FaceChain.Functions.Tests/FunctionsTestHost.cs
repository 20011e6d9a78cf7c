using FaceChain.Functions.Api;
using FaceChain.Functions.Durable;
using FaceChain.Functions.Uploads;
using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Admission;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Identity;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Functions.Tests;

/// <summary>
/// The Functions app's classes on Durable Task's in-process test host: services from
/// <see cref="FunctionsServiceCollectionExtensions.AddFaceChainFunctions"/> as the worker registers them, and the
/// orchestrator and activities registered through the app's hand-written wrappers (so every job here runs them).
/// </summary>
public sealed class FunctionsTestHost : IAsyncDisposable
{
    private FunctionsTestHost(DurableTaskTestHost host)
    {
        Host = host;
        Api = ActivatorUtilities.CreateInstance<PortraitApiFunctions>(host.Services);
        Styles = ActivatorUtilities.CreateInstance<StylesFunction>(host.Services);
        Faces = ActivatorUtilities.CreateInstance<FacesFunction>(host.Services);
        Modes = ActivatorUtilities.CreateInstance<ModesFunction>(host.Services);
        Loras = ActivatorUtilities.CreateInstance<LoraUploadFunction>(host.Services);
        Upload = ActivatorUtilities.CreateInstance<StartJobFromUploadFunction>(host.Services);
        Relay = ActivatorUtilities.CreateInstance<DiffusionResultRelayFunction>(host.Services);
        Store = host.Services.GetRequiredService<IBlobStore>();
    }

    public DurableTaskTestHost Host { get; }

    public DurableTaskClient Client => Host.Client;

    public PortraitApiFunctions Api { get; }

    public StylesFunction Styles { get; }

    public LoraUploadFunction Loras { get; }

    public FacesFunction Faces { get; }

    public ModesFunction Modes { get; }

    public StartJobFromUploadFunction Upload { get; }

    public DiffusionResultRelayFunction Relay { get; }

    public IBlobStore Store { get; }

    public static async Task<FunctionsTestHost> StartAsync(
        FunctionsFixture fixture, Action<IServiceCollection>? replace = null, Action<DurableTaskRegistry>? extraTasks = null,
        Func<Settings.FunctionsAppSettings, Settings.FunctionsAppSettings>? adjustSettings = null,
        Func<Pipeline.FaceChainPipelineOptions, Pipeline.FaceChainPipelineOptions>? adjustPipeline = null)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        IServiceProvider? services = null;
        PortraitActivityFunctions Activities() => new(services ?? throw new InvalidOperationException("an activity ran before the host started"));
        var host = await DurableTaskTestHost.StartAsync(
            registry =>
            {
                registry.AddOrchestratorFunc<PortraitJob, PortraitJobResult>(
                    PortraitActivityNames.Orchestrator, async (context, job) => await PortraitOrchestratorFunction.Run(context));
                registry.AddActivityFunc<DetectFacesInput, FaceDetectionSummary>(
                    PortraitActivityNames.DetectFaces, async (context, input) => await Activities().DetectFaces(input!, context.InstanceId));
                registry.AddActivityFunc<EstimatePoseInput, PoseSummary>(
                    PortraitActivityNames.EstimatePose, async (context, input) => await Activities().EstimatePose(input!, context.InstanceId));
                registry.AddActivityFunc<EncodeIdentityInput, IdentitySummary>(
                    PortraitActivityNames.EncodeIdentity, async (context, input) => await Activities().EncodeIdentity(input!, context.InstanceId));
                registry.AddActivityFunc<PrepareStyleInput, PreparedStyle>(
                    PortraitActivityNames.PrepareStyle, async (context, input) => await Activities().PrepareStyle(input!, context.InstanceId));
                registry.AddActivityFunc<GenerateImageInput, GeneratedImageSummary>(
                    PortraitActivityNames.GenerateImage, async (context, input) => await Activities().GenerateImage(input!, context.InstanceId));
                registry.AddActivityFunc<PublishInput, PortraitJobResult>(
                    PortraitActivityNames.Publish, async (context, input) => await Activities().Publish(input!, context.InstanceId));
                registry.AddOrchestratorFunc<QueuedImageInput, GeneratedImageSummary>(
                    DiffusionTaskNames.GenerateImageOnWorker, async (context, input) => await QueuedImageOrchestratorFunction.Run(context));
                registry.AddActivityFunc<DiffusionJobMessage, string>(
                    DiffusionTaskNames.SubmitDiffusionJob, async (context, input) => await Activities().SubmitDiffusionJob(input!, context.InstanceId));
                registry.AddOrchestratorFunc<PortraitJob, PortraitJobResult>(
                    Pipeline.Templates.TemplateTaskNames.Orchestrator, async (context, job) => await TemplateOrchestratorFunction.Run(context));
                registry.AddActivityFunc<Pipeline.Templates.DetectTemplateFacesInput, Pipeline.Templates.TemplateFacesSummary>(
                    Pipeline.Templates.TemplateTaskNames.DetectTemplateFaces, async (context, input) => await Activities().DetectTemplateFaces(input!, context.InstanceId));
                registry.AddActivityFunc<Pipeline.Templates.RedrawFaceInput, Pipeline.Templates.RedrawnFace>(
                    Pipeline.Templates.TemplateTaskNames.RedrawFace, async (context, input) => await Activities().RedrawFace(input!, context.InstanceId));
                registry.AddActivityFunc<Pipeline.Templates.PublishTemplateInput, PortraitJobResult>(
                    Pipeline.Templates.TemplateTaskNames.PublishTemplate, async (context, input) => await Activities().PublishTemplate(input!, context.InstanceId));
                registry.AddActivityFunc<StopQueuedImagesInput, bool>(
                    DiffusionTaskNames.StopQueuedImages, async (context, input) => await Activities().StopQueuedImages(input!, context.InstanceId));
                registry.AddOrchestratorFunc<VerifiedImageInput, GeneratedImageSummary>(
                    IdentityTaskNames.GenerateVerifiedImage, async (context, input) => await VerifiedImageOrchestratorFunction.Run(context));
                registry.AddActivityFunc<VerifyIdentityInput, IdentityVerification>(
                    IdentityTaskNames.VerifyIdentity, async (context, input) => await Activities().VerifyIdentity(input!, context.InstanceId));
                registry.AddActivityFunc<FuseFaceInput, FusedImageSummary>(
                    IdentityTaskNames.FuseFace, async (context, input) => await Activities().FuseFace(input!, context.InstanceId));
                registry.AddOrchestratorFunc<JobAdmissionState, object?>(
                    JobAdmissionNames.Orchestrator, async (context, input) => await JobAdmissionOrchestratorFunction.Run(context));
                extraTasks?.Invoke(registry);
            },
            new DurableTaskTestHostOptions
            {
                ConfigureServices = s =>
                {
                    s.AddSingleton(fixture.Sessions);
                    s.AddFaceChainFunctions(
                        adjustSettings is null ? fixture.Settings : adjustSettings(fixture.Settings),
                        options => adjustPipeline is null ? fixture.AdjustPipeline(options) : adjustPipeline(fixture.AdjustPipeline(options)));
                    replace?.Invoke(s);
                },
            });
        services = host.Services;
        return new FunctionsTestHost(host);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string jobId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        return await Client.WaitForInstanceCompletionAsync(jobId, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>Every instance the host knows, for "nothing was scheduled" checks.</summary>
    public async Task<IReadOnlyList<OrchestrationMetadata>> InstancesAsync()
    {
        var all = new List<OrchestrationMetadata>();
        await foreach (var instance in Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }))
        {
            // The admission gate is the task hub's own machinery, not a job.
            if (instance.InstanceId != JobAdmissionPolicy.DefaultGateInstanceId)
            {
                all.Add(instance);
            }
        }

        return all;
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
