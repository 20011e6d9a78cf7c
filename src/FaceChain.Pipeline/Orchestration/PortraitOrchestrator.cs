using FaceChain.Diffusion.Noise;
using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Admission;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Identity;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Orchestration;

/// <summary>
/// A style-portrait job (style, pose or customLora mode): DetectFaces (with PrepareStyle, which resolves the generation settings
/// and checks the style's and the request's LoRAs into a fusion plan, and in pose mode EstimatePose, beside it) →
/// EncodeIdentity → N × GenerateImage in parallel (steered by the pose's control image in pose mode) → Publish.
/// Stage timings and status stages: detectFaces (covers PrepareStyle too), encodeIdentity, generateImages, publish.
/// Deterministic: no clock but <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>, no randomness (image k's seed is
/// <see cref="SeedSequence.Derive"/>(job seed, k)), no I/O. Sets a <see cref="PortraitJobProgress"/> custom status after
/// every stage and every finished image. A failed activity ends the job as Failed with a user-facing reason.
/// </summary>
public sealed class PortraitOrchestrator : TaskOrchestrator<PortraitJob, PortraitJobResult>
{
    // Progress share of each stage, in percent; images share what is left before publishing.
    private const int AfterDetect = 15;
    private const int AfterEncode = 25;
    private const int BeforePublish = 95;

    public override async Task<PortraitJobResult> RunAsync(TaskOrchestrationContext context, PortraitJob input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return await JobAdmission.RunAdmittedAsync(context, input, slot => new Run(context, input, slot).ExecuteAsync());
    }

    /// <summary>One execution's state (timings and progress), kept off the orchestrator so it stays stateless.</summary>
    private sealed class Run(TaskOrchestrationContext context, PortraitJob job, AdmissionSlot slot)
    {
        private readonly Dictionary<string, double> _timings = new(StringComparer.Ordinal);
        private readonly DateTime _started = context.CurrentUtcDateTime;
        private readonly int _total = job.Request.Count;
        private DateTime _stageStart = context.CurrentUtcDateTime;
        private string _stage = PortraitStages.DetectFaces;
        private int _done;
        private int _percent;
        private IReadOnlyList<OutputIdentity>? _identities;

        public async Task<PortraitJobResult> ExecuteAsync()
        {
            var request = job.Request;
            var photo = request.CharacterPhoto?.Blob
                ?? throw new PortraitJobFailedException("the job has no character photo blob (inline photos must be uploaded at submission)");
            var styleId = request.StyleId
                ?? throw new PortraitJobFailedException("the job names no style");

            // PrepareStyle needs nothing from the face stages, so it runs beside DetectFaces: one dispatch round trip
            // fewer per job (each costs ~100+ ms on the Azure Storage backend), and a bad style fails before face work.
            Enter(PortraitStages.DetectFaces, 0);
            var styleTask = CallAsync<PreparedStyle>(PortraitActivityNames.PrepareStyle, new PrepareStyleInput(
                styleId, request.FaceScale, request.Mode == JobMode.CustomLora ? request.CustomLoras() : null,
                request.Steps, request.GuidanceScale, request.Sampler)
            {
                IdentityCheck = request.IdentityCheck,
                FaceFusion = request.FaceFusion,
            });
            var detectTask = CallAsync<FaceDetectionSummary>(PortraitActivityNames.DetectFaces, new DetectFacesInput(job.JobId, photo));
            // The pose photo is independent of the face stages too; a photo with nobody in it fails the job here.
            var poseTask = request.Mode == JobMode.Pose
                ? CallAsync<PoseSummary>(PortraitActivityNames.EstimatePose, new EstimatePoseInput(
                    job.JobId,
                    request.PosePhoto?.Blob ?? throw new PortraitJobFailedException("the pose job has no pose photo blob"),
                    request.Width,
                    request.Height))
                : Task.FromResult<PoseSummary>(null!);
            await Task.WhenAll(styleTask, detectTask, poseTask);
            var pose = await poseTask;
            var poseControl = pose is null ? null : new PoseControl(pose.ControlImage, request.PoseScale ?? 1f);
            var prepared = await styleTask;
            // PrepareStyle returns the request's own values where it gives them; putting them first again only matters when
            // replaying a history recorded before PreparedStyle carried them (it then reads the defaults).
            var style = prepared with
            {
                Steps = request.Steps ?? prepared.Steps,
                GuidanceScale = request.GuidanceScale ?? prepared.GuidanceScale,
                Sampler = request.Sampler ?? prepared.Sampler,
            };
            var detection = await detectTask;
            Finish();

            Enter(PortraitStages.EncodeIdentity, AfterDetect);
            var identity = await CallAsync<IdentitySummary>(
                PortraitActivityNames.EncodeIdentity, new EncodeIdentityInput(job.JobId, photo, detection.FacesBlob));
            Finish();

            Enter(PortraitStages.GenerateImages, AfterEncode);
            var pending = new List<Task<GeneratedImageSummary>>(_total);
            for (var k = 0; k < _total; k++)
            {
                // Steps, guidance and sampler as PrepareStyle resolved them (request, else style, else default), on both paths.
                var input = new GenerateImageInput(job.JobId, k, SeedSequence.Derive(job.Seed, k), identity.IdentityBlob, style,
                    request.Width, request.Height, style.Steps, style.GuidanceScale, style.Sampler)
                {
                    Pose = poseControl,
                };
                // Each output is generated, scored against the character and retried below its threshold in its own sub-orchestration.
                var check = style.IdentityCheck ?? IdentityCheckPlan.Default;
                pending.Add(CallVerifiedAsync(new VerifiedImageInput(input, check, job.Seed, _total, photo, detection.FacesBlob) { Queued = job.QueuedGeneration }));
            }

            var images = new List<GeneratedImageSummary>(_total);
            while (pending.Count > 0)
            {
                // WhenAny over durable tasks completes in history order, so replays see the same sequence.
                var finished = await Task.WhenAny(pending);
                pending.Remove(finished);
                images.Add(await finished);
                _done++;
                _identities = [.. images.Where(i => i.Identity is not null).OrderBy(i => i.Index).Select(i => new OutputIdentity(i.Index, i.Identity!))];
                SetStatus(AfterEncode + ((BeforePublish - AfterEncode) * _done / _total));
            }

            Finish();
            images.Sort((a, b) => a.Index.CompareTo(b.Index));

            Enter(PortraitStages.Publish, BeforePublish);
            // Publishing only copies blobs: the next job may start meanwhile (the outputs are still awaited below).
            slot.Release();
            var elapsed = (context.CurrentUtcDateTime - _started).TotalMilliseconds;
            var published = await CallAsync<PortraitJobResult>(
                PortraitActivityNames.Publish,
                new PublishInput(job.JobId, styleId, job.Seed, detection, identity, style, images, new Dictionary<string, double>(_timings), _started, elapsed)
                {
                    Pose = pose is null ? null : new PoseResult(pose.ControlImage, poseControl!.Scale, pose.PeopleFound, pose.Keypoints),
                });
            Finish();

            var result = published with
            {
                StageTimingsMs = new Dictionary<string, double>(_timings),
                TotalMs = (context.CurrentUtcDateTime - _started).TotalMilliseconds,
            };
            _stage = PortraitStages.Completed;
            SetStatus(100);
            return result;
        }

        private async Task<T> CallAsync<T>(string activity, object input)
        {
            try
            {
                return await context.CallActivityAsync<T>(activity, input, PortraitRetryPolicy.ActivityOptions);
            }
            catch (TaskFailedException e)
            {
                var reason = PortraitRetryPolicy.IsPermanent(e.FailureDetails)
                    ? e.FailureDetails.ErrorMessage
                    : $"{activity} failed after {PortraitRetryPolicy.MaxAttempts} attempts: {e.FailureDetails.ErrorMessage}";
                _stage = PortraitStages.Failed;
                context.SetCustomStatus(new PortraitJobProgress(_stage, _done, _total, _percent, new Dictionary<string, double>(_timings), reason)
                    .ToCustomStatus());
                throw new PortraitJobFailedException(reason);
            }
        }

        // The per-output sub-orchestration owns generation (in process or on the GPU worker), the identity check and its
        // retries, so its failure reason is final.
        private async Task<GeneratedImageSummary> CallVerifiedAsync(VerifiedImageInput input)
        {
            try
            {
                return await context.CallSubOrchestratorAsync<GeneratedImageSummary>(IdentityTaskNames.GenerateVerifiedImage, input,
                    new SubOrchestrationOptions { InstanceId = VerifiedImageOrchestrator.InstanceIdFor(job.JobId, input.Image.Index) });
            }
            catch (TaskFailedException e)
            {
                var reason = e.FailureDetails.ErrorMessage;
                if (_total > 1)
                {
                    // The other images' sub-orchestrations are still waiting for the worker: the stop mark makes it drop
                    // their queued messages and answer them, so no GPU time goes to a job that has already failed.
                    await context.CallActivityAsync<bool>(DiffusionTaskNames.StopQueuedImages,
                        new StopQueuedImagesInput(job.JobId, $"image {input.Image.Index} failed: {reason}"), PortraitRetryPolicy.ActivityOptions);
                }

                _stage = PortraitStages.Failed;
                context.SetCustomStatus(new PortraitJobProgress(_stage, _done, _total, _percent, new Dictionary<string, double>(_timings), reason)
                    .ToCustomStatus());
                throw new PortraitJobFailedException(reason);
            }
        }

        private void Enter(string stage, int percent)
        {
            _stage = stage;
            _stageStart = context.CurrentUtcDateTime;
            SetStatus(percent);
        }

        private void Finish() => _timings[_stage] = (context.CurrentUtcDateTime - _stageStart).TotalMilliseconds;

        private void SetStatus(int percent)
        {
            _percent = percent;
            context.SetCustomStatus(new PortraitJobProgress(_stage, _done, _total, percent, new Dictionary<string, double>(_timings))
            {
                Identities = _identities,
            }.ToCustomStatus());
        }
    }
}
