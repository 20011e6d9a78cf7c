using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Loras;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using FaceChain.Pipeline.Submission;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Pipeline.Tests;

/// <summary>
/// A style's recommended sampler, steps and guidance are what a job uses when its request leaves them out; the request's
/// own values win; with neither, the pipeline defaults. Checked where they are resolved (PrepareStyle), in what the
/// generator is asked for, and in result.json.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class StyleRecommendationTests(PipelineFixture fixture)
{
    private const string Recommending = "recommends-euler";
    private const string Plain = "recommends-nothing";

    private static readonly PortraitStyle RecommendingStyle = new(Recommending, "Recommends Euler", "sketch of {subject}")
    {
        Sampler = PortraitSampler.EulerAncestral,
        Steps = 3,
        GuidanceScale = 4.5f,
    };

    private static readonly PortraitStyle PlainStyle = new(Plain, "Recommends nothing", "photo of {subject}");

    [Fact]
    public void Each_value_is_the_requests_else_the_styles_else_the_default()
    {
        Assert.Equal(new GenerationSettings(3, 4.5f, PortraitSampler.EulerAncestral), GenerationSettings.Resolve(null, null, null, RecommendingStyle));
        Assert.Equal(new GenerationSettings(7, 4.5f, PortraitSampler.Ddim), GenerationSettings.Resolve(7, null, PortraitSampler.Ddim, RecommendingStyle));
        Assert.Equal(new GenerationSettings(3, 0f, PortraitSampler.EulerAncestral), GenerationSettings.Resolve(null, 0f, null, RecommendingStyle));
        Assert.Equal(GenerationSettings.Default, GenerationSettings.Resolve(null, null, null, PlainStyle));
        Assert.Equal((20, 7.5f, PortraitSampler.DpmPlusPlus2MKarras), (GenerationSettings.Default.Steps, GenerationSettings.Default.GuidanceScale, GenerationSettings.Default.Sampler));
        Assert.Equal(new GenerationSettings(5, 4.5f, PortraitSampler.EulerAncestral),
            GenerationSettings.Resolve(new PortraitJobRequest { Steps = 5 }, RecommendingStyle));
    }

    [Fact]
    public async Task Prepare_style_resolves_the_generation_settings_of_blob_and_built_in_styles()
    {
        var store = fixture.NewStore();
        await store.UploadJsonAsync(BlobLayout.StyleDocument(Recommending), RecommendingStyle);
        await store.UploadJsonAsync(BlobLayout.StyleDocument(Plain), PlainStyle);
        var activity = new PrepareStyleActivity(
            new StyleLibrary(StyleCatalog.BuiltIn, store),
            new LoraPlanner(new LoraFileCache(store, Path.Combine(fixture.Root, "loras-" + Guid.NewGuid().ToString("N")[..8])), fixture.ModelSet));
        static (int, float, PortraitSampler) Settings(PreparedStyle s) => (s.Steps, s.GuidanceScale, s.Sampler);

        Assert.Equal((3, 4.5f, PortraitSampler.EulerAncestral), Settings(await activity.RunAsync(null!, new PrepareStyleInput(Recommending, null))));
        Assert.Equal((2, 1.5f, PortraitSampler.Ddim), Settings(await activity.RunAsync(null!,
            new PrepareStyleInput(Recommending, null, Steps: 2, GuidanceScale: 1.5f, Sampler: PortraitSampler.Ddim))));
        Assert.Equal((20, 7.5f, PortraitSampler.DpmPlusPlus2MKarras), Settings(await activity.RunAsync(null!, new PrepareStyleInput(Plain, null))));

        var anime = StyleCatalog.BuiltIn.Get("anime");
        Assert.Equal((anime.Steps!.Value, anime.GuidanceScale!.Value, anime.Sampler!.Value), Settings(await activity.RunAsync(null!, new PrepareStyleInput("anime", null))));
    }

    [Theory]
    [InlineData(Recommending, null, null, null, 3, 4.5f, PortraitSampler.EulerAncestral)]
    [InlineData(Recommending, 2, 1.5f, PortraitSampler.Ddim, 2, 1.5f, PortraitSampler.Ddim)]
    [InlineData(Recommending, 4, null, null, 4, 4.5f, PortraitSampler.EulerAncestral)]
    [InlineData(Plain, null, null, null, 20, 7.5f, PortraitSampler.DpmPlusPlus2MKarras)]
    public async Task A_job_generates_with_the_resolved_settings_and_result_json_shows_them(
        string styleId, int? steps, float? guidance, PortraitSampler? sampler, int expectedSteps, float expectedGuidance, PortraitSampler expectedSampler)
    {
        var recorder = new RecordingImageGenerator(fixture.Generator);
        await using var host = await PortraitTestHost.StartAsync(fixture, services => services.AddSingleton<IImageGenerator>(recorder));
        await host.Store.UploadJsonAsync(BlobLayout.StyleDocument(Recommending), RecommendingStyle);
        await host.Store.UploadJsonAsync(BlobLayout.StyleDocument(Plain), PlainStyle);
        var submitter = new PortraitJobSubmitter(host.Client, host.Store, host.Host.Services.GetRequiredService<JobRequestValidator>(),
            styles: host.Host.Services.GetRequiredService<StyleLibrary>());

        var submission = await submitter.SubmitAsync(new PortraitJobRequest
        {
            CharacterPhoto = PhotoSource.FromBytes(TestPhotos.Portrait()),
            StyleId = styleId,
            Count = 2,
            Width = 32,
            Height = 32,
            Steps = steps,
            GuidanceScale = guidance,
            Sampler = sampler,
            Seed = 31,
        });
        var metadata = await host.WaitAsync(submission.JobId);

        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, metadata.FailureDetails?.ErrorMessage);
        Assert.Equal(2, recorder.Requests.Count);
        Assert.All(recorder.Requests, r => Assert.Equal((expectedSteps, expectedGuidance, expectedSampler), (r.Steps, r.GuidanceScale, r.Sampler)));
        var stored = await host.Store.DownloadJsonAsync<PortraitJobResult>(BlobLayout.Result(submission.JobId));
        Assert.Equal((expectedSteps, expectedGuidance, expectedSampler), (stored.Steps, stored.GuidanceScale, stored.Sampler));

        // The stored request keeps what the caller gave (null stays null), so resubmitting it is the same job.
        var storedRequest = await host.Store.DownloadJsonAsync<PortraitJobRequest>(BlobLayout.Request(submission.JobId));
        Assert.Equal((steps, guidance, sampler), (storedRequest.Steps, storedRequest.GuidanceScale, storedRequest.Sampler));
    }
}
