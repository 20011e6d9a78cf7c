using System.Text.Json;
using FaceChain.Diffusion.Lora;
using FaceChain.Functions.Api;
using FaceChain.Functions.Uploads;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Loras;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Submission;
using FaceChain.Testing.Lora;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaceChain.Functions.Tests;

/// <summary>POST /api/loras with real request bodies on Azurite: validated before it is stored, content-addressed, usable by a customLora job.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class LoraUploadTests(FunctionsFixture fixture) : IAsyncLifetime
{
    private FunctionsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await FunctionsTestHost.StartAsync(fixture);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ModelSetProvider ModelSet => _host.Host.Services.GetRequiredService<ModelSetProvider>();

    private byte[] GeneratedLoraFile(int seed) => new GeneratedLora(ModelSet.LoraMapping.Targets, rank: 2, alpha: 1, seed).Kohya().ToBytes();

    private Task<ApiResponse> UploadAsync(byte[] body, bool declareLength = true, LoraUploadFunction? function = null) =>
        ApiCall.SendAsync(ApiCall.Binary("POST", "/api/loras", body, declareLength), r => (function ?? _host.Loras).UploadAsync(r));

    private Task<bool> StoredAsync(byte[] bytes) => _host.Store.ExistsAsync(BlobLayout.UploadedLora(JobIdentity.Sha256Hex(bytes)));

    [Fact]
    public async Task An_uploaded_lora_is_stored_by_its_sha256_and_a_custom_lora_job_naming_it_completes()
    {
        var bytes = GeneratedLoraFile(seed: 71);
        var sha256 = JobIdentity.Sha256Hex(bytes);

        var response = await UploadAsync(bytes);

        Assert.Equal(201, response.StatusCode);
        var uploaded = response.Body.Deserialize<LoraUploaded>(PipelineJson.Options)!;
        Assert.Equal(BlobLayout.UploadedLora(sha256), uploaded.Lora);
        Assert.Equal(($"loras/{sha256}.safetensors", sha256, bytes.Length), (uploaded.Lora.Name, uploaded.Sha256, uploaded.Bytes));
        Assert.Equal(ModelSet.LoraMapping.Targets.Count * 3, uploaded.Tensors); // down, up and alpha per layer
        Assert.Equal((ModelSet.LoraMapping.Targets.Count, 0), (uploaded.MappedLayers, uploaded.UnmappedKeys));
        Assert.Equal(bytes, await _host.Store.DownloadAsync(uploaded.Lora, bytes.Length));

        // The event its blob raises starts no job.
        var blob = fixture.BlobService.GetBlobContainerClient(BlobLayout.Inputs).GetBlobClient(uploaded.Lora.Name);
        Assert.Equal(UploadOutcomeKind.Ignored, (await _host.Upload.RunAsync(blob, _host.Client, CancellationToken.None)).Kind);
        Assert.Empty(await _host.InstancesAsync());

        var job = JsonSerializer.Serialize(new
        {
            mode = "customLora",
            styleId = "studio-portrait",
            lora = response.Body.GetProperty("lora"),
            loraMultiplier = 0.8,
            count = 1,
            width = 64,
            height = 48,
            steps = 2,
            seed = 7101,
            characterPhoto = new { data = Convert.ToBase64String(TestRequests.Photo(1)) },
        });
        var accepted = await ApiCall.SendAsync(ApiCall.Json("POST", "/api/portraits", job), r => _host.Api.SubmitAsync(r, _host.Client));
        Assert.Equal(202, accepted.StatusCode);
        var metadata = await _host.WaitAsync(accepted.Body.GetProperty("jobId").GetString()!);

        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed, metadata.FailureDetails?.ErrorMessage);
        var fused = Assert.Single(metadata.ReadOutputAs<PortraitJobResult>()!.Loras!);
        Assert.Equal(new LoraReference(uploaded.Lora, sha256, 0.8f), fused.Reference);
        Assert.Equal(ModelSet.LoraMapping.Targets.Count, fused.MappedLayers);
    }

    [Fact]
    public async Task The_same_bytes_uploaded_again_get_the_same_blob_with_200()
    {
        var bytes = GeneratedLoraFile(seed: 72);

        var first = await UploadAsync(bytes);
        var again = await UploadAsync(bytes, declareLength: false);

        Assert.Equal((201, 200), (first.StatusCode, again.StatusCode));
        Assert.Equal(first.Body.GetProperty("lora").GetRawText(), again.Body.GetProperty("lora").GetRawText());
        Assert.Equal(first.Body.GetProperty("sha256").GetString(), again.Body.GetProperty("sha256").GetString());
        Assert.Single(await _host.Store.ListAsync(BlobLayout.Inputs, BlobLayout.UploadedLora(JobIdentity.Sha256Hex(bytes)).Name));
    }

    public static TheoryData<string, string> RefusedFiles() => new()
    {
        { "past-the-end", "data_offsets [0, 400) reach past the end of the file's 8-byte data section" },
        { "offsets-not-numbers", "data_offsets [\"a\", 4] must be two integers" },
        { "header-longer-than-file", "is larger than the" },
        { "nan-weights", "holds only NaN values" },
        { "maps-to-nothing", "maps to nothing in this model set" },
        { "not-safetensors", "too short" },
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task A_malformed_hostile_or_foreign_file_is_a_400_with_the_reason_and_nothing_is_stored(string kind, string reason)
    {
        var targets = ModelSet.LoraMapping.Targets;
        var bytes = kind switch
        {
            "past-the-end" => SafetensorsBuilder.Compose("""{"a": {"dtype": "F32", "shape": [100], "data_offsets": [0, 400]}}""", new byte[8]),
            "offsets-not-numbers" => SafetensorsBuilder.Compose("""{"a": {"dtype": "F32", "shape": [1], "data_offsets": ["a", 4]}}""", new byte[4]),
            "header-longer-than-file" => SafetensorsBuilder.Compose("""{}"""u8.ToArray(), [], claimedHeaderLength: 1 << 20),
            "nan-weights" => Nan(new GeneratedLora(targets.Take(1), rank: 2, alpha: 1, seed: 73)),
            "maps-to-nothing" => new SafetensorsBuilder().AddF32("lora_unet_nowhere.lora_down.weight", [1, 2], 1, 2).AddF32("lora_unet_nowhere.lora_up.weight", [1, 2], 2, 1).ToBytes(),
            "not-safetensors" => "PK\u0003"u8.ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var cache = _host.Host.Services.GetRequiredService<LoraFileCache>();
        var cachedBefore = CachedFiles(cache);

        var response = await UploadAsync(bytes);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(("", ApiErrorCodes.InvalidLora), response.SingleError());
        Assert.Contains(reason, response.SingleErrorMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(cache.Folder, response.SingleErrorMessage(), StringComparison.Ordinal);
        Assert.False(await StoredAsync(bytes));
        Assert.Equal(cachedBefore, CachedFiles(cache));
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_refused_whether_or_not_it_declares_its_length()
    {
        var folder = Path.Combine(fixture.Root, "small-loras-" + Guid.NewGuid().ToString("N")[..8]);
        var small = new LoraFileCache(_host.Store, folder, new SafetensorsLimits { MaxHeaderBytes = 256, MaxTotalBytes = 512 });
        var function = new LoraUploadFunction(new LoraUploadApi(new LoraUploads(_host.Store, small, ModelSet), NullLogger<LoraUploadApi>.Instance));
        var bytes = new byte[small.MaxFileBytes + 1];

        var declared = await UploadAsync(bytes, declareLength: true, function);
        var chunked = await UploadAsync(bytes, declareLength: false, function);

        Assert.Equal((400, 400), (declared.StatusCode, chunked.StatusCode));
        Assert.Equal(("", ValidationCodes.TooLarge), declared.SingleError());
        Assert.Equal(("", ValidationCodes.TooLarge), chunked.SingleError());
        Assert.Equal($"the LoRA is {bytes.Length} bytes; the limit is {small.MaxFileBytes} bytes", declared.SingleErrorMessage());
        Assert.Equal($"the LoRA is larger than the limit; the limit is {small.MaxFileBytes} bytes", chunked.SingleErrorMessage());
        Assert.Empty(Directory.Exists(folder) ? Directory.GetFiles(folder) : []);
        Assert.False(await StoredAsync(bytes));
    }

    [Fact]
    public async Task An_empty_body_is_required()
    {
        var response = await UploadAsync([]);
        Assert.Equal((400, ("", ValidationCodes.Required)), (response.StatusCode, response.SingleError()));
    }

    private static string[] CachedFiles(LoraFileCache cache) =>
        Directory.Exists(cache.Folder) ? [.. Directory.GetFiles(cache.Folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)] : [];

    private static byte[] Nan(GeneratedLora lora)
    {
        Array.Fill(lora.Layers[0].Down, float.NaN);
        return lora.Kohya().ToBytes();
    }
}
