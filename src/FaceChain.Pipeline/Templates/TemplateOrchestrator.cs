using FaceChain.Diffusion.Noise;
using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Admission;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Templates;

/// <summary>
/// The template family (template and multiTemplate modes): DetectTemplateFaces (boxes pinned once) beside DetectFaces of
/// every character photo → EncodeIdentity of every photo in parallel → per variant, one RedrawFace step per mapped face in
/// request order, each reading the previous step's image → PublishTemplate. Variants run side by side; variant k's face j
/// uses seed Derive(Derive(job seed, k), j). Custom status: stage, steps done/total and "variant k of N: face j of m".
/// Deterministic: no clock but the context's, no randomness, no I/O.
/// </summary>
public sealed class TemplateOrchestrator : TaskOrchestrator<PortraitJob, PortraitJobResult>
{
    private const int AfterDetect = 10;
    private const int AfterEncode = 20;
    private const int BeforePublish = 95;

    public override async Task<PortraitJobResult> RunAsync(TaskOrchestrationContext context, PortraitJob input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return await JobAdmission.RunAdmittedAsync(context, input, () => new Run(context, input).ExecuteAsync());
    }

    /// <summary>The settings every redraw uses: the request's values, else FACT's template defaults.</summary>
    public static RedrawSettings SettingsFor(PortraitJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RedrawSettings(
            request.Width,
            request.Steps ?? GenerationSettings.DefaultSteps,
            request.GuidanceScale ?? TemplatePrompts.DefaultGuidanceScale,
            request.Sampler ?? GenerationSettings.DefaultSampler,
            request.FaceScale ?? TemplatePrompts.DefaultFaceScale,
            request.Strength ?? PortraitJobRequest.DefaultTemplateStrength,
            TemplatePrompts.Prompt,
            TemplatePrompts.NegativePrompt);
    }

    private sealed class Run(TaskOrchestrationContext context, PortraitJob job)
    {
        private readonly Dictionary<string, double> _timings = new(StringComparer.Ordinal);
        private readonly DateTime _started = context.CurrentUtcDateTime;
        private DateTime _stageStart = context.CurrentUtcDateTime;
        private string _stage = PortraitStages.DetectFaces;
        private int _done;
        private int _total;
        private int _percent;
        private string? _detail;

        public async Task<PortraitJobResult> ExecuteAsync()
        {
            var request = job.Request;
            var template = request.TemplatePhoto?.Blob
                ?? throw new PortraitJobFailedException("the job has no template photo blob (inline photos must be uploaded at submission)");
            var mapped = request.TemplateFaces();
            if (mapped.Count == 0 || mapped.Any(m => m.CharacterPhoto?.Blob is null))
            {
                throw new PortraitJobFailedException("the job maps no template face to a character photo blob");
            }

            var settings = SettingsFor(request);
            _total = request.Count * mapped.Count;

            Enter(PortraitStages.DetectFaces, 0);
            var templateTask = CallAsync<TemplateFacesSummary>(TemplateTaskNames.DetectTemplateFaces,
                new DetectTemplateFacesInput(job.JobId, template, [.. mapped.Select(m => m.FaceIndex)]));
            var personTasks = mapped.Select(m => CallAsync<FaceDetectionSummary>(PortraitActivityNames.DetectFaces,
                new DetectFacesInput(job.JobId, m.CharacterPhoto!.Blob!, BlobLayout.PersonFaces(job.JobId, m.FaceIndex), PhotoName(m.FaceIndex)))).ToList();
            await Task.WhenAll([templateTask, .. personTasks]);
            var pinned = await templateTask;
            var detections = new List<FaceDetectionSummary>(personTasks.Count);
            foreach (var task in personTasks)
            {
                detections.Add(await task);
            }

            Finish();

            Enter(PortraitStages.EncodeIdentity, AfterDetect);
            var identityTasks = mapped.Select((m, j) => CallAsync<IdentitySummary>(PortraitActivityNames.EncodeIdentity,
                new EncodeIdentityInput(job.JobId, m.CharacterPhoto!.Blob!, detections[j].FacesBlob, BlobLayout.PersonIdentity(job.JobId, m.FaceIndex),
                    PhotoName(m.FaceIndex)))).ToList();
            var identities = new List<IdentitySummary>(identityTasks.Count);
            foreach (var task in identityTasks)
            {
                identities.Add(await task);
            }

            Finish();

            Enter(PortraitStages.RedrawFaces, AfterEncode);
            var variants = Enumerable.Range(0, request.Count)
                .Select(k => RedrawVariantAsync(k, template, pinned, mapped, identities, settings))
                .ToList();
            var steps = new List<RedrawnFace>(_total);
            foreach (var variant in variants)
            {
                steps.AddRange(await variant);
            }

            _detail = null;
            Finish();

            Enter(PortraitStages.Publish, BeforePublish);
            var report = new TemplateReport(
                template,
                pinned.ImageWidth,
                pinned.ImageHeight,
                [.. pinned.Faces.Select(f => new TemplateFaceBox(f.Index, f.Box))],
                [.. mapped.Select((m, j) => new TemplatePerson(m.FaceIndex, pinned.Faces.First(f => f.Index == m.FaceIndex).Box,
                    m.CharacterPhoto!.Blob!, detections[j].ChosenFaceIndex, detections[j].FacesFound))],
                settings.Strength,
                steps);
            var published = await CallAsync<PortraitJobResult>(TemplateTaskNames.PublishTemplate, new PublishTemplateInput(
                job.JobId, job.Seed, report, settings, detections, identities, new Dictionary<string, double>(_timings), _started,
                (context.CurrentUtcDateTime - _started).TotalMilliseconds));
            Finish();

            _stage = PortraitStages.Completed;
            SetStatus(100);
            return published with
            {
                StageTimingsMs = new Dictionary<string, double>(_timings),
                TotalMs = (context.CurrentUtcDateTime - _started).TotalMilliseconds,
            };
        }

        private async Task<List<RedrawnFace>> RedrawVariantAsync(
            int variant, Contracts.BlobReference template, TemplateFacesSummary pinned, IReadOnlyList<TemplateFaceMapping> mapped,
            IReadOnlyList<IdentitySummary> identities, RedrawSettings settings)
        {
            var variantSeed = SeedSequence.Derive(job.Seed, variant);
            var source = template;
            var steps = new List<RedrawnFace>(mapped.Count);
            for (var j = 0; j < mapped.Count; j++)
            {
                var input = new RedrawFaceInput(job.JobId, variant, j, mapped.Count, source, BlobLayout.RedrawStep(job.JobId, variant, j),
                    pinned.Faces, mapped[j].FaceIndex, identities[j].IdentityBlob, settings, SeedSequence.Derive(variantSeed, j));
                var redrawn = job.QueuedGeneration is { } queued
                    ? await RedrawOnWorkerAsync(input, queued)
                    : await CallAsync<RedrawnFace>(TemplateTaskNames.RedrawFace, input);
                steps.Add(redrawn);
                source = redrawn.Output;
                _done++;
                _detail = job.Request.Count > 1
                    ? $"variant {variant + 1} of {job.Request.Count}: face {j + 1} of {mapped.Count}"
                    : $"face {j + 1} of {mapped.Count}";
                SetStatus(AfterEncode + ((BeforePublish - AfterEncode) * _done / _total));
            }

            return steps;
        }

        /// <summary>
        /// The GPU-worker path: the step goes out as one queue message (<see cref="RedrawJob"/>) through the same
        /// <see cref="QueuedImageOrchestrator"/> as style images, which owns resubmission and timeouts. Step number
        /// variant·8 + step keeps instance ids and event names unique within the job. The worker reports the step's stages
        /// (<see cref="RedrawRecord"/>); a worker that does not (an older build) leaves them out, and crop/mask and
        /// paste-back are then reported together as the rest of the worker's time.
        /// </summary>
        private async Task<RedrawnFace> RedrawOnWorkerAsync(RedrawFaceInput input, QueuedGenerationPolicy queued)
        {
            var index = (input.Variant * PortraitJobRequest.MaxTemplateFaces) + input.Step;
            var s = input.Settings;
            var style = new PreparedStyle("template", "template", s.Prompt, s.NegativePrompt, s.FaceScale, [], s.Steps, s.GuidanceScale, s.Sampler);
            var image = new GenerateImageInput(job.JobId, index, input.Seed, input.IdentityBlob, style, s.Size, s.Size, s.Steps, s.GuidanceScale, s.Sampler);
            var redraw = new RedrawJob(input.Source, input.PinnedFaces, input.FaceIndex, s.Strength);
            try
            {
                var summary = await context.CallSubOrchestratorAsync<GeneratedImageSummary>(DiffusionTaskNames.GenerateImageOnWorker,
                    new QueuedImageInput(image, queued, redraw, input.Output),
                    new SubOrchestrationOptions { InstanceId = QueuedImageOrchestrator.InstanceIdFor(job.JobId, index) });
                var box = input.PinnedFaces.First(f => f.Index == input.FaceIndex).Box;
                if (summary.Redraw is { } stages)
                {
                    return new RedrawnFace(input.Variant, input.Step, input.FaceIndex, input.Seed, summary.Image, box, summary.ModelSetName,
                        stages.CropMaskMs, stages.DenoiseMs, stages.PasteMs, summary.ActivityMs)
                    {
                        ReferencePortrait = stages.ReferencePortrait,
                        ReferencePortraitMs = stages.ReferencePortraitMs,
                        RefineMs = stages.RefineMs,
                        RefineLandmarks = stages.RefineLandmarks,
                        Controls = stages.Controls,
                    };
                }

                return new RedrawnFace(input.Variant, input.Step, input.FaceIndex, input.Seed, summary.Image, box, summary.ModelSetName,
                    0, summary.ModelCallMs, Math.Max(0, summary.ActivityMs - summary.ModelCallMs), summary.ActivityMs);
            }
            catch (TaskFailedException e)
            {
                var reason = e.FailureDetails.ErrorMessage;
                _stage = PortraitStages.Failed;
                context.SetCustomStatus(new PortraitJobProgress(_stage, _done, _total, _percent, new Dictionary<string, double>(_timings), reason, _detail)
                    .ToCustomStatus());
                throw new PortraitJobFailedException(reason);
            }
        }

        private static string PhotoName(int faceIndex) => $"the character photo for face {faceIndex}";

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
                context.SetCustomStatus(new PortraitJobProgress(_stage, _done, _total, _percent, new Dictionary<string, double>(_timings), reason, _detail)
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
            context.SetCustomStatus(new PortraitJobProgress(_stage, _done, _total, percent, new Dictionary<string, double>(_timings), Detail: _detail).ToCustomStatus());
        }
    }
}
