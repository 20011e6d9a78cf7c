using FaceChain.Functions.Api;
using FaceChain.Pipeline;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;

namespace FaceChain.Functions.Tests;

/// <summary>
/// Every bad request of the issue gets a 400 with a machine-readable error body, an unknown job a 404, and nothing is
/// ever scheduled — the same cases, statuses and bodies on every host of the API (<see cref="FunctionsBadRequestTests"/>,
/// <see cref="ServeBadRequestTests"/>).
/// </summary>
public abstract class BadRequestTests : IAsyncLifetime
{
    private IApiHost _host = null!;

    /// <summary>The host the cases run against (a new one, or one shared by the class's cases).</summary>
    protected abstract Task<IApiHost> AcquireHostAsync();

    protected abstract ValueTask ReleaseHostAsync(IApiHost host);

    /// <summary>A new host of its own with changed pipeline options; the caller disposes it.</summary>
    protected abstract Task<IApiHost> StartHostAsync(Func<FaceChainPipelineOptions, FaceChainPipelineOptions> adjustPipeline);

    public async Task InitializeAsync() => _host = await AcquireHostAsync();

    public async Task DisposeAsync() => await ReleaseHostAsync(_host);

    private Task<ApiResponse> PostAsync(string json) => _host.SendAsync("POST", "api/portraits", System.Text.Encoding.UTF8.GetBytes(json));

    private Task<ApiResponse> GetAsync(string path) => _host.SendAsync("GET", path);

    private async Task AssertNothingScheduledAsync() => Assert.Empty(await _host.InstancesAsync());

    private static string Photo => Convert.ToBase64String(TestRequests.Photo());

    [Theory]
    [InlineData("{\"styleId\": \"studio-portrait\", ")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    public async Task Malformed_json_is_400_malformedJson(string body)
    {
        var response = await PostAsync(body);

        Assert.Equal(400, response.StatusCode);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(("", ApiErrorCodes.MalformedJson), response.SingleError());
        await AssertNothingScheduledAsync();
    }

    [Fact]
    public async Task An_unknown_mode_is_400_unknownValue_on_mode_listing_the_modes()
    {
        var response = await PostAsync($"{{\"mode\": \"banana\", \"styleId\": \"anime\", \"characterPhoto\": {{\"data\": \"{Photo}\"}}}}");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(("mode", ValidationCodes.UnknownValue), response.SingleError());
        Assert.Contains("multiTemplate", response.SingleErrorMessage(), StringComparison.Ordinal);
        await AssertNothingScheduledAsync();
    }

    [Fact]
    public async Task A_template_request_without_its_template_fields_is_400_naming_them()
    {
        var response = await PostAsync($"{{\"mode\": \"template\", \"characterPhoto\": {{\"data\": \"{Photo}\"}}}}");

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(("templatePhoto", ValidationCodes.Required), response.Errors());
        Assert.Contains(("faceIndex", ValidationCodes.Required), response.Errors());
        Assert.DoesNotContain(response.Errors(), e => e.Code == ValidationCodes.NotSupportedYet);
        await AssertNothingScheduledAsync();
    }

    [Fact]
    public async Task Pose_mode_without_a_pose_photo_is_400_naming_the_field()
    {
        var response = await PostAsync($"{{\"mode\": \"pose\", \"styleId\": \"anime\", \"characterPhoto\": {{\"data\": \"{Photo}\"}}}}");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(("posePhoto", ValidationCodes.Required), response.SingleError());
        await AssertNothingScheduledAsync();
    }

    [Fact]
    public async Task A_pose_photo_that_is_no_image_is_400_invalidImage()
    {
        var notImage = Convert.ToBase64String("this is not a photo"u8.ToArray());
        var response = await PostAsync($"{{\"mode\": \"pose\", \"styleId\": \"anime\", \"characterPhoto\": {{\"data\": \"{Photo}\"}}, \"posePhoto\": {{\"data\": \"{notImage}\"}}}}");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(("posePhoto", ValidationCodes.InvalidImage), response.SingleError());
        await AssertNothingScheduledAsync();
    }

    [Fact]
    public async Task A_missing_photo_is_400_required_on_characterPhoto()
    {
        var response = await PostAsync("{\"styleId\": \"anime\", \"count\": 2}");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(("characterPhoto", ValidationCodes.Required), response.SingleError());
        await AssertNothingScheduledAsync();
    }

    [Theory]
    [InlineData("outputs", "someone/portrait-0.png")]
    [InlineData("inputs", "../outputs/someone/result.json")]
    [InlineData("inputs", "uploads/../../jobs/x/request.json")]
    [InlineData("inputs", "/etc/passwd")]
    [InlineData("inputs", "uploads\\\\..\\\\x.jpg")]
    public async Task A_photo_reference_outside_the_inputs_container_is_400_invalidBlobReference(string container, string name)
    {
        var response = await PostAsync($"{{\"styleId\": \"anime\", \"characterPhoto\": {{\"blob\": {{\"container\": \"{container}\", \"name\": \"{name}\"}}}}}}");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(("characterPhoto.blob", ValidationCodes.InvalidBlobReference), response.SingleError());
        await AssertNothingScheduledAsync();
    }

    [Fact]
    public async Task A_photo_blob_that_does_not_exist_is_400_notFound()
    {
        var response = await PostAsync("{\"styleId\": \"anime\", \"characterPhoto\": {\"blob\": {\"container\": \"inputs\", \"name\": \"nobody/missing.jpg\"}}}");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(("characterPhoto.blob", ValidationCodes.NotFound), response.SingleError());
        await AssertNothingScheduledAsync();
    }

    [Fact]
    public async Task An_inline_photo_over_the_limit_is_400_tooLarge_on_characterPhoto()
    {
        var oversized = new byte[FunctionsFixture.MaxInlinePhotoBytes + 1];
        TestRequests.Photo().CopyTo(oversized, 0);

        var response = await PostAsync($"{{\"styleId\": \"anime\", \"characterPhoto\": {{\"data\": \"{Convert.ToBase64String(oversized)}\"}}}}");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(("characterPhoto", ValidationCodes.TooLarge), response.SingleError());
        await AssertNothingScheduledAsync();
    }

    [Fact]
    public async Task A_photo_blob_over_the_blob_limit_is_400_tooLarge_on_characterPhoto_blob()
    {
        var photo = TestRequests.Photo();
        await using var host = await StartHostAsync(options => options with { Limits = options.Limits with { MaxPhotoBytes = photo.Length - 1 } });
        var uploaded = new BlobReference(BlobLayout.Inputs, $"{Functions.Uploads.ReferenceOnlyFolders.Api}/{Guid.NewGuid():N}/big.jpg");
        await host.Store.UploadAsync(uploaded, photo, "image/jpeg", overwrite: true);

        var response = await host.SendAsync("POST", "api/portraits", System.Text.Encoding.UTF8.GetBytes(TestRequests.BlobJob(uploaded.Name, seed: 707)));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(("characterPhoto.blob", ValidationCodes.TooLarge), response.SingleError());
        Assert.Contains($"the limit is {photo.Length - 1}", response.SingleErrorMessage(), StringComparison.Ordinal);
        Assert.Empty(await host.InstancesAsync());
    }

    [Fact]
    public async Task A_body_over_the_cap_is_400_tooLarge_without_being_buffered_whole()
    {
        var limits = new JobRequestLimits { MaxInlinePhotoBytes = FunctionsFixture.MaxInlinePhotoBytes };
        var body = new byte[JobRequestReader.MaxBodyBytes(limits) + 1];
        body.AsSpan().Fill((byte)' ');
        // Chunked: the cap must hold while reading, not only on Content-Length.
        var response = await _host.SendAsync("POST", "api/portraits", body, declareLength: false);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(("", ValidationCodes.TooLarge), response.SingleError());
        await AssertNothingScheduledAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(-3)]
    public async Task A_count_out_of_range_is_400_outOfRange_on_count(int count)
    {
        var response = await PostAsync($"{{\"styleId\": \"anime\", \"count\": {count}, \"characterPhoto\": {{\"data\": \"{Photo}\"}}}}");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(("count", ValidationCodes.OutOfRange), response.SingleError());
        await AssertNothingScheduledAsync();
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_its_field()
    {
        var response = await PostAsync("{\"styleId\": \"anime\", \"count\": \"many\", \"characterPhoto\": {\"data\": \"AAAA\"}}");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(("count", ApiErrorCodes.InvalidValue), response.SingleError());
        await AssertNothingScheduledAsync();
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        var response = await PostAsync("{\"styleId\": \"no-such-style\", \"count\": 99, \"width\": 30}");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(
            [("characterPhoto", ValidationCodes.Required), ("count", ValidationCodes.OutOfRange), ("styleId", ValidationCodes.UnknownStyle), ("width", ValidationCodes.NotMultiple)],
            response.Errors().Order());
        await AssertNothingScheduledAsync();
    }

    [Theory]
    [InlineData("pj-0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-job")]
    [InlineData("PJ-../../x")]
    public async Task An_unknown_job_id_is_404_for_get_and_delete(string id)
    {
        var get = await _host.SendAsync("GET", $"api/portraits/{Uri.EscapeDataString(id)}");
        var delete = await _host.SendAsync("DELETE", $"api/portraits/{Uri.EscapeDataString(id)}");

        Assert.Equal((404, 404), (get.StatusCode, delete.StatusCode));
        Assert.Equal(("id", ValidationCodes.NotFound), get.SingleError());
        Assert.Equal(("id", ValidationCodes.NotFound), delete.SingleError());
        Assert.False(await _host.Store.ExistsAsync(CancellationRecord.BlobFor(id.Replace("/", "_", StringComparison.Ordinal))));
        await AssertNothingScheduledAsync();
    }

    [Fact]
    public async Task Styles_lists_the_built_in_catalog_first()
    {
        var response = await GetAsync("api/styles");

        Assert.Equal(200, response.StatusCode);
        var styles = response.Body.GetProperty("styles").EnumerateArray().ToList();
        var builtIn = Pipeline.Styles.StyleCatalog.BuiltIn.Ids.ToList();
        Assert.Equal(builtIn, styles.Take(builtIn.Count).Select(s => s.GetProperty("id").GetString()));
        Assert.All(styles.Take(builtIn.Count), s => Assert.Equal(StyleView.BuiltIn, s.GetProperty("source").GetString()));
        Assert.All(styles, s => Assert.False(s.TryGetProperty("prompt", out _)));
    }

    [Fact]
    public async Task Styles_lists_a_blob_style_with_its_lora_and_recommendations_and_leaves_out_a_broken_one()
    {
        var id = "fn-style-" + Guid.NewGuid().ToString("N")[..8];
        var sha = new string('d', 64);
        await _host.Store.UploadJsonAsync(BlobLayout.StyleDocument(id), new PortraitStyle(id, "Blob style", "photo of {subject}", "", 0.9f, new StyleLora("lora.safetensors", sha, 0.6f))
        {
            Description = "from storage",
            Sampler = PortraitSampler.Ddim,
            Steps = 25,
            GuidanceScale = 6f,
            PreviewImage = "preview.png",
        });
        await _host.Store.UploadJsonAsync(BlobLayout.StyleDocument(id + "-broken"), new PortraitStyle(id + "-broken", "Broken", "no placeholder"));

        var response = await GetAsync("api/styles");

        var styles = response.Body.GetProperty("styles").EnumerateArray().ToList();
        Assert.DoesNotContain(styles, s => s.GetProperty("id").GetString() == id + "-broken");
        var view = Assert.Single(styles, s => s.GetProperty("id").GetString() == id);
        Assert.Equal(
            ("Blob style", StyleView.Storage, "from storage", true, 0.6f, "ddim", 25, 6f, $"styles/{id}/preview.png"),
            (view.GetProperty("displayName").GetString(), view.GetProperty("source").GetString(), view.GetProperty("description").GetString(),
                view.GetProperty("hasLora").GetBoolean(), view.GetProperty("loraMultiplier").GetSingle(), view.GetProperty("sampler").GetString(),
                view.GetProperty("steps").GetInt32(), view.GetProperty("guidanceScale").GetSingle(), view.GetProperty("previewImage").GetString()));
    }

    [Fact]
    public async Task A_custom_lora_request_is_checked_field_by_field()
    {
        var response = await PostAsync(
            $"{{\"mode\": \"customLora\", \"characterPhoto\": {{\"data\": \"{Photo}\"}}, \"lora\": {{\"container\": \"outputs\", \"name\": \"x.safetensors\"}}, \"loraMultiplier\": 9}}");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal([("styleId", ValidationCodes.Required), ("lora", ValidationCodes.InvalidBlobReference), ("loraMultiplier", ValidationCodes.OutOfRange)], response.Errors());
        await AssertNothingScheduledAsync();
    }
}
