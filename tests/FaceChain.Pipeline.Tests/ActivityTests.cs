using FaceChain.Diffusion.Noise;
using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using FaceChain.Testing;
using SixLabors.ImageSharp;

namespace FaceChain.Pipeline.Tests;

/// <summary>Each activity called directly, with the real vision models and the tiny model set.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ActivityTests(PipelineFixture fixture)
{
    private static readonly JobRequestLimits Limits = new();
    private readonly LocalFolderBlobStore _store = fixture.NewStore();

    [Fact]
    public async Task Detect_faces_writes_faces_json_and_chooses_the_character()
    {
        var (jobId, photo) = await UploadAsync(TestPhotos.Portrait());
        var summary = await new DetectFacesActivity(_store, fixture.Faces, Limits).RunAsync(null!, new DetectFacesInput(jobId, photo));

        Assert.Equal(BlobLayout.Faces(jobId), summary.FacesBlob);
        Assert.True(summary.FacesFound >= 1);
        Assert.True(summary.ModelCallMs > 0);
        var report = await _store.DownloadJsonAsync<FaceDetectionReport>(summary.FacesBlob);
        Assert.Equal(summary.ChosenFaceIndex, report.ChosenIndex);
        Assert.Equal(5, report.Chosen.Landmarks.Count);
        Assert.Equal(summary.ChosenQuality, report.Chosen.Quality with { Issues = summary.ChosenQuality.Issues });
        Assert.True(report.Chosen.Box.Width >= 48);
    }

    [Fact]
    public async Task A_photo_without_a_face_is_a_permanent_no_face_failure_and_writes_nothing()
    {
        var (jobId, photo) = await UploadAsync(TestPhotos.Gradient());
        var e = await Assert.ThrowsAsync<PortraitJobException>(() =>
            new DetectFacesActivity(_store, fixture.Faces, Limits).RunAsync(null!, new DetectFacesInput(jobId, photo)));
        Assert.Equal(JobFailureCode.NoFaceFound, e.Code);
        Assert.Equal("no face found in the character photo", e.Message);
        Assert.Empty(await _store.ListAsync(BlobLayout.Work, jobId));
    }

    [Fact]
    public async Task Corrupt_or_missing_photos_are_permanent_failures()
    {
        var (jobId, photo) = await UploadAsync([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        var activity = new DetectFacesActivity(_store, fixture.Faces, Limits);
        var corrupt = await Assert.ThrowsAsync<PortraitJobException>(() => activity.RunAsync(null!, new DetectFacesInput(jobId, photo)));
        Assert.Equal(JobFailureCode.InvalidPhoto, corrupt.Code);
        Assert.StartsWith("the character photo is not a usable image", corrupt.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<PortraitJobException>(() =>
            activity.RunAsync(null!, new DetectFacesInput("j", new BlobReference(BlobLayout.Inputs, "nobody/here.jpg"))));
        Assert.Equal(JobFailureCode.InputMissing, missing.Code);
    }

    [Fact]
    public async Task Encode_identity_stores_the_id_embedding_and_the_model_sets_face_tokens()
    {
        var (jobId, photo) = await UploadAsync(TestPhotos.Portrait());
        var detection = await new DetectFacesActivity(_store, fixture.Faces, Limits).RunAsync(null!, new DetectFacesInput(jobId, photo));
        var summary = await new EncodeIdentityActivity(_store, fixture.Faces, fixture.Generator, Limits)
            .RunAsync(null!, new EncodeIdentityInput(jobId, photo, detection.FacesBlob));

        var face = fixture.ModelSet.Manifest.Face;
        Assert.Equal((BlobLayout.Identity(jobId), detection.ChosenFaceIndex, 128, face.TokenCount, face.HiddenSize),
            (summary.IdentityBlob, summary.FaceIndex, summary.IdDimensions, summary.TokenCount, summary.HiddenSize));
        var stored = StoredIdentity.FromBytes(await _store.DownloadAsync(summary.IdentityBlob, 1 << 20));
        Assert.Equal(1.0, Math.Sqrt(stored.IdEmbedding.Sum(v => (double)v * v)), 3);
        Assert.Equal(face.TokenCount * face.HiddenSize, stored.Tokens.Values.Length);
        Assert.Contains(stored.Tokens.Values, v => v != 0);
    }

    [Fact]
    public async Task Prepare_style_resolves_prompts_and_face_scale()
    {
        var activity = new PrepareStyleActivity(StyleCatalog.BuiltIn);
        var style = await activity.RunAsync(null!, new PrepareStyleInput("anime", null));
        Assert.StartsWith("anime style portrait of a person", style.Prompt, StringComparison.Ordinal);
        Assert.Equal(StyleCatalog.BuiltIn.Get("anime").DefaultFaceScale, style.FaceScale);
        Assert.Equal(0.3f, (await activity.RunAsync(null!, new PrepareStyleInput("anime", 0.3f))).FaceScale);
        var e = await Assert.ThrowsAsync<PortraitJobException>(() => activity.RunAsync(null!, new PrepareStyleInput("nope", null)));
        Assert.Equal(JobFailureCode.UnknownStyle, e.Code);
    }

    [Fact]
    public async Task Generate_image_writes_a_png_of_the_requested_size_reproducibly_per_seed()
    {
        const string JobId = "gen-job";
        var identity = BlobLayout.Identity(JobId);
        var face = fixture.ModelSet.Manifest.Face;
        var tokens = Enumerable.Range(0, face.TokenCount * face.HiddenSize).Select(i => MathF.Sin(i)).ToArray();
        await _store.UploadAsync(identity, new StoredIdentity(new float[128], new FaceTokens(tokens, face.TokenCount, face.HiddenSize)).ToBytes(),
            BlobLayout.BinaryContentType, overwrite: true);
        var style = await new PrepareStyleActivity(StyleCatalog.BuiltIn).RunAsync(null!, new PrepareStyleInput("watercolor", null));
        var activity = new GenerateImageActivity(_store, fixture.Generator);
        GenerateImageInput Input(int index, ulong seed) => new(JobId, index, seed, identity, style, 64, 48, 4, 5f, PortraitSampler.DpmPlusPlus2MKarras);

        var first = await activity.RunAsync(null!, Input(0, SeedSequence.Derive(9, 0)));
        var firstBytes = await _store.DownloadAsync(first.Image, 1 << 20);
        var again = await activity.RunAsync(null!, Input(0, SeedSequence.Derive(9, 0)));
        var other = await activity.RunAsync(null!, Input(1, SeedSequence.Derive(9, 1)));

        Assert.Equal(BlobLayout.WorkImage(JobId, 0), first.Image);
        Assert.Equal(ModelSetProvider.TinySetName, first.ModelSetName);
        Assert.True(first.ModelCallMs > 0 && first.ActivityMs >= first.ModelCallMs);
        var info = Image.Identify(firstBytes);
        Assert.Equal((64, 48), (info.Width, info.Height));
        Assert.Equal(firstBytes, await _store.DownloadAsync(again.Image, 1 << 20));
        Assert.NotEqual(firstBytes, await _store.DownloadAsync(other.Image, 1 << 20));
        Assert.Equal(["gen-job/identity.bin", "gen-job/image-0.png", "gen-job/image-1.png"], await _store.ListAsync(BlobLayout.Work, "gen-job/"));
    }

    [Fact]
    public async Task Generate_image_refuses_a_size_the_model_set_cannot_make_permanently()
    {
        var face = fixture.ModelSet.Manifest.Face;
        var identity = BlobLayout.Identity("bad-size");
        await _store.UploadAsync(identity, new StoredIdentity([], new FaceTokens(new float[face.TokenCount * face.HiddenSize], face.TokenCount, face.HiddenSize)).ToBytes(),
            BlobLayout.BinaryContentType, overwrite: true);
        var style = new PreparedStyle("s", "S", "p", "n", 1, null);
        var e = await Assert.ThrowsAsync<PortraitJobException>(() => new GenerateImageActivity(_store, fixture.Generator)
            .RunAsync(null!, new GenerateImageInput("bad-size", 0, 1, identity, style, 60, 64, 2, 1, PortraitSampler.Ddim)));
        Assert.Equal(JobFailureCode.BadGenerationRequest, e.Code);
    }

    [Fact]
    public async Task Publish_copies_images_to_outputs_and_writes_result_json()
    {
        const string JobId = "pub-job";
        await _store.UploadAsync(BlobLayout.WorkImage(JobId, 1), new byte[] { 11 }, BlobLayout.PngContentType, overwrite: true);
        await _store.UploadAsync(BlobLayout.WorkImage(JobId, 0), new byte[] { 10 }, BlobLayout.PngContentType, overwrite: true);
        var quality = new FaceQualitySummary(true, 0.9f, 100, 0.5, 0.2, 3, []);
        var input = new PublishInput(
            JobId, "anime", 5,
            new FaceDetectionSummary(BlobLayout.Faces(JobId), 2, 1, quality, 10),
            new IdentitySummary(BlobLayout.Identity(JobId), 1, 128, 4, 32, 20),
            new PreparedStyle("anime", "Anime", "p", "n", 0.7f, null),
            [
                new GeneratedImageSummary(1, 222, BlobLayout.WorkImage(JobId, 1), 64, 64, "tiny-random-v1", 300, 310),
                new GeneratedImageSummary(0, 111, BlobLayout.WorkImage(JobId, 0), 64, 64, "tiny-random-v1", 100, 110),
            ],
            new Dictionary<string, double> { ["detectFaces"] = 15 },
            new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            900);

        var result = await new PublishActivity(_store).RunAsync(null!, input);

        Assert.Equal(["pub-job/portrait-0.png", "pub-job/portrait-1.png", "pub-job/result.json"], await _store.ListAsync(BlobLayout.Outputs, "pub-job/"));
        Assert.Equal([10], await _store.DownloadAsync(BlobLayout.Portrait(JobId, 0), 10));
        Assert.Equal([0, 1], result.Outputs.Select(o => o.Index));
        Assert.Equal([111UL, 222UL], result.Outputs.Select(o => o.Seed));
        Assert.Equal(430, result.ModelCallMs);
        Assert.Equal(400, result.ModelCallMsByStage[PortraitStages.GenerateImages]);
        Assert.Equal(10, result.ModelCallMsByStage[PortraitStages.DetectFaces]);
        Assert.Equal(("tiny-random-v1", 1, 2), (result.ModelSet, result.ChosenFace.Index, result.ChosenFace.FacesFound));
        var json = System.Text.Encoding.UTF8.GetString(await _store.DownloadAsync(BlobLayout.Result(JobId), 1 << 20));
        Assert.Contains("\"modelCallMs\": 430", json, StringComparison.Ordinal);
        Assert.Contains("\"seed\": \"111\"", json, StringComparison.Ordinal);
        var parsed = await _store.DownloadJsonAsync<PortraitJobResult>(BlobLayout.Result(JobId));
        Assert.Equal(result.Outputs, parsed.Outputs);
    }

    private async Task<(string JobId, BlobReference Photo)> UploadAsync(byte[] bytes)
    {
        var jobId = "job-" + Guid.NewGuid().ToString("N")[..8];
        var photo = BlobLayout.CharacterPhoto(jobId);
        await _store.UploadAsync(photo, bytes, "image/jpeg", overwrite: true);
        return (jobId, photo);
    }
}
