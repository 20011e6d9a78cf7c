using FaceChain.Diffusion.Noise;
using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Loras;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using FaceChain.Pipeline.Submission;
using FaceChain.Testing;
using FaceChain.Testing.Lora;
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
        var activity = PrepareStyle();
        var style = await activity.RunAsync(null!, new PrepareStyleInput("anime", null));
        Assert.Empty(style.Loras);
        Assert.StartsWith("anime style portrait of a person", style.Prompt, StringComparison.Ordinal);
        Assert.Equal(StyleCatalog.BuiltIn.Get("anime").DefaultFaceScale, style.FaceScale);
        Assert.Equal(0.3f, (await activity.RunAsync(null!, new PrepareStyleInput("anime", 0.3f))).FaceScale);
        var e = await Assert.ThrowsAsync<PortraitJobException>(() => activity.RunAsync(null!, new PrepareStyleInput("nope", null)));
        Assert.Equal(JobFailureCode.UnknownStyle, e.Code);
    }

    [Fact]
    public async Task Prepare_style_plans_the_style_lora_then_the_custom_loras_with_their_sha256_and_multipliers()
    {
        var styleLora = await UploadLoraAsync(BlobLayout.StyleFile("with-lora", StyleLora.DefaultFile), Lora(seed: 3).ToBytes());
        await _store.UploadJsonAsync(BlobLayout.StyleDocument("with-lora"),
            new PortraitStyle("with-lora", "With LoRA", "lora photo of {subject}", "", 0.6f, new StyleLora(StyleLora.DefaultFile, styleLora.Sha256, 0.5f)));
        var custom = await UploadLoraAsync(new BlobReference(BlobLayout.Inputs, "loras/custom.safetensors"), Lora(seed: 4).AddF32("lora_te_nowhere.alpha", [1]).ToBytes());
        var another = await UploadLoraAsync(new BlobReference(BlobLayout.Inputs, "loras/another.safetensors"), Lora(seed: 6).ToBytes());

        var style = await PrepareStyle().RunAsync(null!, new PrepareStyleInput("with-lora", null, [new CustomLora(custom.Blob, -1.25f), new CustomLora(another.Blob)]));

        Assert.Equal(("with-lora", "lora photo of a person", 0.6f), (style.StyleId, style.Prompt, style.FaceScale));
        Assert.Equal(
            [
                new LoraReference(styleLora.Blob, styleLora.Sha256, 0.5f), new LoraReference(custom.Blob, custom.Sha256, -1.25f),
                new LoraReference(another.Blob, another.Sha256, 1f),
            ],
            style.Loras.Select(l => l.Reference));
        Assert.Equal([PreparedLora.FromStyle, PreparedLora.FromRequest, PreparedLora.FromRequest], style.Loras.Select(l => l.Source));
        var targets = fixture.ModelSet.LoraMapping.Targets.Count;
        Assert.All(style.Loras, l => Assert.Equal(targets, l.MappedLayers));
        Assert.Equal([0, 1, 0], style.Loras.Select(l => l.UnmappedKeyCount));
        Assert.Equal("lora_te_nowhere.alpha", Assert.Single(style.Loras[1].UnmappedKeys).Key);
    }

    [Fact]
    public async Task Prepare_style_fails_permanently_on_a_lora_with_other_bytes_than_pinned_or_a_hostile_one_and_keeps_no_copy()
    {
        var bytes = Lora(seed: 5).ToBytes();
        var lora = await UploadLoraAsync(BlobLayout.StyleFile("pinned", StyleLora.DefaultFile), bytes);
        var pinned = new string('a', 64);
        await _store.UploadJsonAsync(BlobLayout.StyleDocument("pinned"),
            new PortraitStyle("pinned", "Pinned", "photo of {subject}", "", 1, new StyleLora(StyleLora.DefaultFile, pinned)));
        var cacheFolder = Path.Combine(fixture.Root, "loras-" + Guid.NewGuid().ToString("N")[..8]);
        var activity = PrepareStyle(cacheFolder);

        var mismatch = await Assert.ThrowsAsync<PortraitJobException>(() => activity.RunAsync(null!, new PrepareStyleInput("pinned", null)));
        Assert.Equal(JobFailureCode.InvalidLora, mismatch.Code);
        Assert.Equal($"the LoRA '{lora.Blob}' has sha256 {lora.Sha256}, not the {pinned} it was checked with", mismatch.Message);

        var pastTheEnd = SafetensorsBuilder.Compose("""{"a": {"dtype": "F32", "shape": [100], "data_offsets": [0, 400]}}""", new byte[8]);
        var hostile = await UploadLoraAsync(new BlobReference(BlobLayout.Inputs, "loras/past-the-end.safetensors"), pastTheEnd);
        var bad = await Assert.ThrowsAsync<PortraitJobException>(() => activity.RunAsync(null!, new PrepareStyleInput("anime", null, [new CustomLora(hostile.Blob)])));
        Assert.Equal(JobFailureCode.InvalidLora, bad.Code);
        Assert.Equal($"the LoRA '{hostile.Blob}' cannot be used: tensor 'a' data_offsets [0, 400) reach past the end of the file's 8-byte data section", bad.Message);
        Assert.DoesNotContain(cacheFolder, bad.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(cacheFolder) ? Directory.GetFiles(cacheFolder) : []);

        var missing = await Assert.ThrowsAsync<PortraitJobException>(() =>
            activity.RunAsync(null!, new PrepareStyleInput("anime", null, [new CustomLora(new BlobReference(BlobLayout.Inputs, "loras/none.safetensors"))])));
        Assert.Equal(JobFailureCode.InputMissing, missing.Code);
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
        var style = await PrepareStyle().RunAsync(null!, new PrepareStyleInput("watercolor", null));
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
        var style = new PreparedStyle("s", "S", "p", "n", 1, []);
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
            new PreparedStyle("anime", "Anime", "p", "n", 0.7f, []),
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

    private PrepareStyleActivity PrepareStyle(string? loraCacheFolder = null) => new(
        new StyleLibrary(StyleCatalog.BuiltIn, _store),
        new LoraPlanner(new LoraFileCache(_store, loraCacheFolder ?? Path.Combine(fixture.Root, "loras-" + Guid.NewGuid().ToString("N")[..8])), fixture.ModelSet));

    private SafetensorsBuilder Lora(int seed) => new GeneratedLora(fixture.ModelSet.LoraMapping.Targets, rank: 2, alpha: 1, seed).Kohya();

    private async Task<(BlobReference Blob, string Sha256)> UploadLoraAsync(BlobReference blob, byte[] bytes)
    {
        await _store.UploadAsync(blob, bytes, BlobLayout.BinaryContentType, overwrite: true);
        return (blob, JobIdentity.Sha256Hex(bytes));
    }

    private async Task<(string JobId, BlobReference Photo)> UploadAsync(byte[] bytes)
    {
        var jobId = "job-" + Guid.NewGuid().ToString("N")[..8];
        var photo = BlobLayout.CharacterPhoto(jobId);
        await _store.UploadAsync(photo, bytes, "image/jpeg", overwrite: true);
        return (jobId, photo);
    }
}
