using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Identity;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FaceChain.Pipeline.Tests;

/// <summary>
/// The identity check on whole jobs (in-process Durable Task host, real YuNet and MobileFaceNet), with a generator that
/// returns chosen real photos: the character's own photo, other people, a scene without a face, a group photo.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class IdentityCheckJobTests(PipelineFixture fixture, ITestOutputHelper output)
{
    private const ulong JobSeed = 4242;
    private static readonly IReadOnlyList<string> Singles = SharedAssets.SinglePortraits;

    [Fact]
    public async Task An_output_showing_the_characters_own_photo_scores_at_least_0_9_and_is_accepted_first_time()
    {
        var generator = new PhotoImageGenerator(fixture.Generator, [Singles[0]]);
        await using var host = await StartAsync(generator);

        var (result, _) = await RunAsync(host, Request(Singles[0]) with { IdentityCheck = new(0.5f, 3) });

        var identity = Assert.Single(result.Outputs).Identity!;
        output.WriteLine($"own photo: {identity.Score:0.000}");
        Assert.True(identity.FaceFound);
        Assert.True(identity.Score >= 0.9, $"the character's own photo scored {identity.Score:0.000}");
        Assert.True(identity.Accepted);
        Assert.Equal(1, identity.Attempts);
        Assert.Equal([VerifiedImageOrchestrator.SeedFor(JobSeed, 0, 1, 1)], generator.Seeds);
    }

    [Fact]
    public async Task A_different_person_is_retried_with_the_next_seeds_and_the_best_of_all_attempts_is_published()
    {
        var others = new[] { Singles[1], Singles[2], Singles[3] };
        var generator = new PhotoImageGenerator(fixture.Generator, others);
        await using var host = await StartAsync(generator);

        var (result, jobId) = await RunAsync(host, Request(Singles[0]) with { IdentityCheck = new(0.5f, 3) });

        var published = Assert.Single(result.Outputs);
        var identity = published.Identity!;
        output.WriteLine("attempts: " + string.Join(", ", identity.Tries.Select(t => $"#{t.Attempt} seed {t.Seed} → {t.Score:0.000}")));
        Assert.Equal(3, identity.Attempts);
        Assert.False(identity.Accepted);
        Assert.All(identity.Tries, t => Assert.True(t.FaceFound && t.Score <= 0.35, $"attempt {t.Attempt} scored {t.Score:0.000}"));
        var expectedSeeds = Enumerable.Range(1, 3).Select(a => VerifiedImageOrchestrator.SeedFor(JobSeed, 0, 1, a)).ToList();
        Assert.Equal(expectedSeeds, identity.Tries.Select(t => t.Seed));
        Assert.Equal(expectedSeeds, generator.Seeds);
        Assert.Equal(3, expectedSeeds.Distinct().Count());

        var best = identity.Tries.MaxBy(t => t.Score)!;
        Assert.Equal(best.Score, identity.Score);
        Assert.Equal(best.Seed, published.Seed);
        var portrait = await host.Store.DownloadAsync(published.Blob, 1 << 24);
        var bestAttempt = await host.Store.DownloadAsync(BlobLayout.WorkImage(jobId, 0, best.Attempt), 1 << 24);
        Assert.Equal(bestAttempt, portrait);

        // Every attempt is its own GenerateImage and VerifyIdentity activity (the exact schedule is pinned by VerifiedImageReplayTests).
        Assert.Equal(3, host.Verifications.Count);

        var stored = await host.Store.DownloadJsonAsync<PortraitJobResult>(BlobLayout.Result(jobId));
        Assert.Equal(identity, stored.Outputs[0].Identity);
    }

    [Fact]
    public async Task An_output_without_a_face_is_reported_as_such_and_retried_only_when_the_rule_says_so()
    {
        var generator = new PhotoImageGenerator(fixture.Generator, [SharedAssets.NoPersonScene]);
        await using var host = await StartAsync(generator);

        var (retried, _) = await RunAsync(host, Request(Singles[0]) with { IdentityCheck = new(0.5f, 2) });
        var (notRetried, _) = await RunAsync(host, Request(Singles[0]) with { IdentityCheck = new(0.5f, 2, RetryWithoutFace: false), Seed = JobSeed + 1 });

        var first = retried.Outputs[0].Identity!;
        Assert.Equal((false, 0.0, 2, false, false), (first.FaceFound, first.Score, first.Attempts, first.Accepted, first.NoFaceRetrySkipped));
        var second = notRetried.Outputs[0].Identity!;
        Assert.Equal((false, 1, false, true), (second.FaceFound, second.Attempts, second.Accepted, second.NoFaceRetrySkipped));
        Assert.Equal(3, generator.Seeds.Count);
    }

    [Fact]
    public async Task Face_fusion_puts_the_characters_face_onto_another_persons_and_the_score_is_measured_before_and_after()
    {
        var generator = new PhotoImageGenerator(fixture.Generator, [SharedAssets.GroupOfFive], scalePercent: 100);
        await using var host = await StartAsync(generator);

        var (result, jobId) = await RunAsync(host, Request(Singles[0]) with
        {
            IdentityCheck = new(0.5f, 1),
            FaceFusion = FaceFusionMode.Blend,
        });

        var published = Assert.Single(result.Outputs);
        var identity = published.Identity!;
        output.WriteLine($"fusion in the job: before {identity.ScoreBeforeFusion:0.000}, after {identity.Score:0.000}");
        Assert.True(identity.Fused);
        Assert.True(identity.ScoreBeforeFusion < 0.35, $"before fusion {identity.ScoreBeforeFusion:0.000}");
        Assert.True(identity.Score >= 0.6, $"after fusion {identity.Score:0.000}");
        Assert.True(identity.Accepted);
        Assert.Equal(1, identity.Attempts);
        var portrait = await host.Store.DownloadAsync(published.Blob, 1 << 24);
        Assert.Equal(await host.Store.DownloadAsync(BlobLayout.FusedImage(jobId, 0), 1 << 24), portrait);
        Assert.Equal(FaceFusionMode.Blend, result.IdentityCheck!.FaceFusion);
    }

    private static PortraitJobRequest Request(string characterPhoto) => new()
    {
        CharacterPhoto = PhotoSource.FromBytes(File.ReadAllBytes(characterPhoto)),
        StyleId = "studio-portrait",
        Count = 1,
        Width = 64,
        Height = 64,
        Steps = 1,
        Seed = JobSeed,
        FaceFusion = FaceFusionMode.None,
    };

    private Task<PortraitTestHost> StartAsync(IImageGenerator generator) =>
        PortraitTestHost.StartAsync(fixture, services => services.AddSingleton(generator));

    private static async Task<(PortraitJobResult Result, string JobId)> RunAsync(PortraitTestHost host, PortraitJobRequest request)
    {
        var submission = await host.Submitter.SubmitAsync(request);
        var metadata = await host.WaitAsync(submission.JobId);
        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, metadata.FailureDetails?.ErrorMessage);
        var progress = PortraitJobProgress.Parse(metadata.SerializedCustomStatus)!;
        var result = metadata.ReadOutputAs<PortraitJobResult>()!;
        Assert.Equal(result.Outputs.Select(o => o.Identity), progress.Identities!.Select(i => i.Identity));
        return (result, submission.JobId);
    }
}
