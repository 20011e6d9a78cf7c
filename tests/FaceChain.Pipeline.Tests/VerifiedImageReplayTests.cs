using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Identity;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Pipeline.Tests;

/// <summary>
/// <see cref="VerifiedImageOrchestrator"/> without a backend (<see cref="ScriptedOrchestrationContext"/>): which tasks it
/// schedules for a given sequence of scores, with which seeds, and that a second run on the same answers — a replay —
/// schedules exactly the same tasks and returns the same output.
/// </summary>
public sealed class VerifiedImageReplayTests
{
    private const ulong JobSeed = 77;
    private static readonly BlobReference Identity = BlobLayout.Identity("job");

    [Fact]
    public void Retries_are_separate_activities_with_the_next_derived_seeds_and_a_replay_schedules_the_same_tasks()
    {
        var input = Input(new IdentityCheckPlan(0.5f, 3, null, FaceFusionMode.Blend), count: 2, index: 1);
        var scores = new[] { 0.2, 0.45, 0.3 };

        var (first, firstRun) = Run(input, scores);
        var (second, secondRun) = Run(input, scores);

        Assert.Equal(
            [PortraitActivityNames.GenerateImage, IdentityTaskNames.VerifyIdentity, PortraitActivityNames.GenerateImage,
             IdentityTaskNames.VerifyIdentity, PortraitActivityNames.GenerateImage, IdentityTaskNames.VerifyIdentity, IdentityTaskNames.FuseFace],
            first.Scheduled.Select(s => s.Name));
        Assert.Equal(first.Scheduled, second.Scheduled);
        Assert.Equal(firstRun, secondRun);

        var identity = firstRun.Identity!;
        Assert.Equal([1, 2, 3], identity.Tries.Select(t => t.Attempt));
        Assert.Equal([input.Image.Seed, VerifiedImageOrchestrator.SeedFor(JobSeed, 1, 2, 2), VerifiedImageOrchestrator.SeedFor(JobSeed, 1, 2, 3)],
            identity.Tries.Select(t => t.Seed));
        // Attempt 2 of output 1 in a 2-output job takes derived seed 3: seeds 0 and 1 belong to the first attempts.
        Assert.Equal(Diffusion.Noise.SeedSequence.Derive(JobSeed, 3), identity.Tries[1].Seed);
        Assert.Equal(identity.Tries[1].Seed, firstRun.Seed);
        Assert.Equal(BlobLayout.FusedImage("job", 1), firstRun.Image);
        Assert.Equal((0.45, 0.8, true, true), (identity.ScoreBeforeFusion!.Value, identity.Score, identity.Fused, identity.Accepted));
    }

    [Fact]
    public void An_accepted_first_attempt_is_not_retried_and_max_attempts_1_scores_without_retrying()
    {
        var (accepted, acceptedRun) = Run(Input(new IdentityCheckPlan(0.5f, 3, null, FaceFusionMode.None)), [0.9]);
        var (single, singleRun) = Run(Input(new IdentityCheckPlan(0.5f, 1, null, FaceFusionMode.None)), [0.1]);

        Assert.Equal([PortraitActivityNames.GenerateImage, IdentityTaskNames.VerifyIdentity], accepted.Scheduled.Select(s => s.Name));
        Assert.True(acceptedRun.Identity!.Accepted);
        Assert.Equal([PortraitActivityNames.GenerateImage, IdentityTaskNames.VerifyIdentity], single.Scheduled.Select(s => s.Name));
        Assert.Equal((1, false), (singleRun.Identity!.Attempts, singleRun.Identity.Accepted));
    }

    [Fact]
    public void No_face_from_a_random_weight_model_set_is_not_retried_by_default_but_is_when_asked()
    {
        var (byDefault, defaultRun) = Run(Input(new IdentityCheckPlan(0.5f, 3, null, FaceFusionMode.Blend)), [double.NaN], ModelSetProvider.TinySetName);
        var (asked, askedRun) = Run(Input(new IdentityCheckPlan(0.5f, 3, true, FaceFusionMode.Blend)), [double.NaN], ModelSetProvider.TinySetName);
        var (realSet, realRun) = Run(Input(new IdentityCheckPlan(0.5f, 3, null, FaceFusionMode.Blend)), [double.NaN], "sd15-fact");

        Assert.Equal(2, byDefault.Scheduled.Count);
        Assert.Equal((false, 1, true, false), (defaultRun.Identity!.FaceFound, defaultRun.Identity.Attempts, defaultRun.Identity.NoFaceRetrySkipped, defaultRun.Identity.Fused));
        Assert.Equal(6, asked.Scheduled.Count);
        Assert.Equal((3, false), (askedRun.Identity!.Attempts, askedRun.Identity.NoFaceRetrySkipped));
        Assert.Equal(6, realSet.Scheduled.Count);
        Assert.Equal(3, realRun.Identity!.Attempts);
    }

    [Fact]
    public void On_the_gpu_worker_path_each_attempt_is_its_own_worker_sub_orchestration()
    {
        var input = Input(new IdentityCheckPlan(0.5f, 2, null, FaceFusionMode.None)) with { Queued = new QueuedGenerationPolicy() };

        var (context, run) = Run(input, [0.1, 0.2]);

        Assert.Equal(
            [DiffusionTaskNames.GenerateImageOnWorker, IdentityTaskNames.VerifyIdentity, DiffusionTaskNames.GenerateImageOnWorker, IdentityTaskNames.VerifyIdentity],
            context.Scheduled.Select(s => s.Name));
        Assert.Equal(BlobLayout.WorkImage("job", 0, 2), run.Image);
        Assert.Equal(0.2, run.Identity!.Score);
    }

    private static VerifiedImageInput Input(IdentityCheckPlan check, int count = 1, int index = 0)
    {
        var style = new PreparedStyle("studio-portrait", "Studio portrait", "a photo of a person", "", 1f, []);
        var image = new GenerateImageInput("job", index, VerifiedImageOrchestrator.SeedFor(JobSeed, index, count, 1), Identity, style, 64, 64, 4, 7.5f,
            PortraitSampler.Ddim);
        return new VerifiedImageInput(image, check, JobSeed, count, BlobLayout.CharacterPhoto("job"), BlobLayout.Faces("job"));
    }

    // Scores are handed out in order; NaN stands for "no face found".
    private static (ScriptedOrchestrationContext Context, GeneratedImageSummary Result) Run(VerifiedImageInput input, double[] scores,
        string modelSet = "photo-fixture")
    {
        var next = 0;
        var context = new ScriptedOrchestrationContext(input, (name, task) => name switch
        {
            PortraitActivityNames.GenerateImage => Generated((GenerateImageInput)task!, modelSet),
            DiffusionTaskNames.GenerateImageOnWorker => Generated(((QueuedImageInput)task!).Image, modelSet),
            IdentityTaskNames.VerifyIdentity => Score(scores[Math.Min(next++, scores.Length - 1)]),
            IdentityTaskNames.FuseFace => new FusedImageSummary(BlobLayout.FusedImage("job", ((FuseFaceInput)task!).Index), Score(0.8), 5),
            _ => throw new InvalidOperationException($"unexpected task {name}"),
        });
        var result = new VerifiedImageOrchestrator().RunAsync(context, input).GetAwaiter().GetResult();
        return (context, result);
    }

    private static GeneratedImageSummary Generated(GenerateImageInput image, string modelSet) =>
        new(image.Index, image.Seed, BlobLayout.WorkImage(image.JobId, image.Index, image.Attempt), image.Width, image.Height, modelSet, 1, 2);

    private static IdentityVerification Score(double score) => double.IsNaN(score)
        ? new IdentityVerification(false, 0, null, null, 1)
        : new IdentityVerification(true, score, new FaceRectangle(10, 10, 30, 30),
            [new FacePoint(18, 20), new FacePoint(30, 20), new FacePoint(24, 26), new FacePoint(19, 32), new FacePoint(29, 32)], 1);
}
