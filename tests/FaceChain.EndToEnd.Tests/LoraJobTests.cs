using System.Security.Cryptography;
using FaceChain.Hosting.Portraits;
using FaceChain.Pipeline.Activities;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using FaceChain.Testing;
using FaceChain.Testing.Lora;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.EndToEnd.Tests;

/// <summary>
/// LoRA styles through <see cref="EmbeddedPortraitHost"/> on Azurite: a customLora upload and a blob catalog style with a
/// LoRA are fused into the tiny model set's UNet and text encoder; bad files fail the job with the reason and no outputs.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LoraJobTests(AzuriteFixture azurite, EndToEndModels models) : IAsyncLifetime
{
    private EmbeddedPortraitHost _host = null!;
    private BlobReference _photo = null!;

    public async Task InitializeAsync()
    {
        _host = await EmbeddedPortraitHost.StartAsync(models.StorageHost(azurite.ConnectionString, EndToEndModels.NewTaskHubName()));
        _photo = new BlobReference(BlobLayout.Inputs, "uploads/e2e-lora.jpg");
        await _host.Store.UploadAsync(_photo, TestPhotos.Portrait(), "image/jpeg", overwrite: true);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_custom_lora_job_changes_the_images_and_multiplier_zero_reproduces_the_plain_job_bit_for_bit()
    {
        var lora = await UploadAsync(new BlobReference(BlobLayout.Inputs, "loras/e2e-custom.safetensors"), Lora(seed: 11).ToBytes());
        var plain = Requests.Small(PhotoSource.FromBlob(_photo), count: 2, seed: 9001);
        var custom = plain with { Mode = JobMode.CustomLora, Lora = lora.Blob, LoraMultiplier = 1f };

        var plainDone = await _host.RunJobAsync(plain, cancellationToken: Limits.Job());
        var customDone = await _host.RunJobAsync(custom, cancellationToken: Limits.Job());
        var zeroDone = await _host.RunJobAsync(custom with { LoraMultiplier = 0f }, cancellationToken: Limits.Job());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, customDone.Metadata.RuntimeStatus);
        var plainImages = await ImagesOf(plainDone.Result);
        var customImages = await ImagesOf(customDone.Result);
        var zeroImages = await ImagesOf(zeroDone.Result);
        Assert.All(plainImages.Zip(customImages), pair => Assert.False(pair.First.SequenceEqual(pair.Second), "the LoRA left an image unchanged"));
        Assert.All(plainImages.Zip(zeroImages), pair => Assert.True(pair.First.SequenceEqual(pair.Second), "multiplier 0 changed an image"));

        Assert.Null(plainDone.Result.Loras);
        var used = Assert.Single(customDone.Result.Loras!);
        Assert.Equal(new LoraReference(lora.Blob, lora.Sha256, 1f), used.Reference);
        Assert.Equal(PreparedLora.FromRequest, used.Source);
        Assert.Equal(MappedTargetCount(), used.MappedLayers);
        Assert.Equal(0, used.UnmappedKeyCount);
        var stored = await _host.Store.DownloadJsonAsync<PortraitJobResult>(BlobLayout.Result(customDone.JobId));
        Assert.Equal(lora.Sha256, Assert.Single(stored.Loras!).Reference.Sha256);
    }

    [Fact]
    public async Task Two_custom_loras_are_fused_together_each_with_its_multiplier()
    {
        var first = await UploadAsync(new BlobReference(BlobLayout.Inputs, "loras/e2e-first.safetensors"), Lora(seed: 21).ToBytes());
        var second = await UploadAsync(new BlobReference(BlobLayout.Inputs, "loras/e2e-second.safetensors"), Lora(seed: 22).ToBytes());
        var plain = Requests.Small(PhotoSource.FromBlob(_photo), count: 1, seed: 9002) with { Mode = JobMode.CustomLora };
        var both = plain with { Loras = [new CustomLora(first.Blob, 0.5f), new CustomLora(second.Blob)] };

        var bothDone = await _host.RunJobAsync(both, cancellationToken: Limits.Job());
        var firstDone = await _host.RunJobAsync(plain with { Lora = first.Blob, LoraMultiplier = 0.5f }, cancellationToken: Limits.Job());
        // The second LoRA at 0 adds nothing, so this job must make exactly the first LoRA's image.
        var secondOffDone = await _host.RunJobAsync(plain with { Loras = [new CustomLora(first.Blob, 0.5f), new CustomLora(second.Blob, 0f)] },
            cancellationToken: Limits.Job());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, bothDone.Metadata.RuntimeStatus);
        Assert.Equal(
            [new LoraReference(first.Blob, first.Sha256, 0.5f), new LoraReference(second.Blob, second.Sha256, 1f)],
            bothDone.Result.Loras!.Select(l => l.Reference));
        Assert.All(bothDone.Result.Loras!, l => Assert.Equal(PreparedLora.FromRequest, l.Source));
        var bothImage = (await ImagesOf(bothDone.Result))[0];
        var firstImage = (await ImagesOf(firstDone.Result))[0];
        Assert.False(bothImage.SequenceEqual(firstImage), "the second LoRA left the image unchanged");
        Assert.True((await ImagesOf(secondOffDone.Result))[0].SequenceEqual(firstImage), "a LoRA at multiplier 0 changed the image");
    }

    [Fact]
    public async Task A_blob_catalog_style_with_a_lora_runs_end_to_end_and_reports_unmapped_keys()
    {
        var styleId = "e2e-lora-style-" + Guid.NewGuid().ToString("N")[..8];
        var bytes = Lora(seed: 12).Metadata("note", "extra key below").AddF32("lora_unet_not_a_module.alpha", [1f]).ToBytes();
        var lora = await UploadAsync(BlobLayout.StyleFile(styleId, StyleLora.DefaultFile), bytes);
        await UploadStyleAsync(styleId, lora.Sha256, multiplier: 0.75f);
        await UploadStyleAsync(styleId + "-plain", sha256: null, multiplier: 0);
        var request = Requests.Small(PhotoSource.FromBlob(_photo), count: 1, seed: 31) with { StyleId = styleId };

        var done = await _host.RunJobAsync(request, cancellationToken: Limits.Job());
        var plain = await _host.RunJobAsync(request with { StyleId = styleId + "-plain" }, cancellationToken: Limits.Job());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Metadata.RuntimeStatus);
        Assert.Equal(styleId, done.Result.StyleId);
        var used = Assert.Single(done.Result.Loras!);
        Assert.Equal((lora.Blob, lora.Sha256, 0.75f, PreparedLora.FromStyle), (used.Reference.Blob, used.Reference.Sha256, used.Reference.Multiplier, used.Source));
        Assert.Equal(1, used.UnmappedKeyCount);
        Assert.Equal("lora_unet_not_a_module.alpha", Assert.Single(used.UnmappedKeys).Key);
        var styled = await ImagesOf(done.Result);
        var unstyled = await ImagesOf(plain.Result);
        Assert.Null(plain.Result.Loras);
        Assert.NotEqual(Convert.ToHexString(unstyled[0]), Convert.ToHexString(styled[0]));
    }

    [Fact]
    public async Task A_style_json_pinning_another_sha256_fails_the_job_with_the_reason_and_no_outputs()
    {
        var styleId = "e2e-wrong-sha-" + Guid.NewGuid().ToString("N")[..8];
        var lora = await UploadAsync(BlobLayout.StyleFile(styleId, StyleLora.DefaultFile), Lora(seed: 13).ToBytes());
        var pinned = new string('0', 64);
        await UploadStyleAsync(styleId, pinned, multiplier: 1f);
        var submission = await _host.Submitter.SubmitAsync(Requests.Small(PhotoSource.FromBlob(_photo), count: 1, seed: 5) with { StyleId = styleId });

        var failure = await Assert.ThrowsAsync<PortraitJobFailureException>(() => _host.WaitForJobAsync(submission.JobId, cancellationToken: Limits.Job()));

        Assert.Equal(JobFailureCode.InvalidLora, failure.Code);
        Assert.Equal($"the LoRA '{lora.Blob}' has sha256 {lora.Sha256}, not the {pinned} it was checked with", failure.Reason);
        Assert.Empty(await Blobs.OutputsOf(_host.Store, submission.JobId));
    }

    [Fact]
    public async Task A_hostile_safetensors_upload_fails_the_job_with_the_reason_and_no_outputs()
    {
        // The header claims 4 KiB, the file holds 2 bytes after the length prefix.
        var hostile = SafetensorsBuilder.Compose([(byte)'{', (byte)'}'], [], claimedHeaderLength: 4096);
        var blob = new BlobReference(BlobLayout.Inputs, "loras/e2e-hostile.safetensors");
        await _host.Store.UploadAsync(blob, hostile, BlobLayout.BinaryContentType, overwrite: true);
        var request = Requests.Small(PhotoSource.FromBlob(_photo), count: 1, seed: 6) with { Mode = JobMode.CustomLora, Lora = blob };
        var submission = await _host.Submitter.SubmitAsync(request);

        var failure = await Assert.ThrowsAsync<PortraitJobFailureException>(() => _host.WaitForJobAsync(submission.JobId, cancellationToken: Limits.Job()));

        Assert.Equal(JobFailureCode.InvalidLora, failure.Code);
        Assert.Equal($"the LoRA '{blob}' cannot be used: header length 4096 is larger than the 2 bytes after the length prefix", failure.Reason);
        Assert.Empty(await Blobs.OutputsOf(_host.Store, submission.JobId));
        Assert.Empty(await _host.Store.ListAsync(BlobLayout.Work, BlobLayout.JobPrefix(submission.JobId) + "image-"));
    }

    [Fact]
    public async Task A_lora_for_another_model_maps_to_nothing_and_fails_the_job()
    {
        var foreign = new SafetensorsBuilder()
            .AddF32("lora_unet_some_other_net.lora_down.weight", [1, 2, 3, 4], 2, 2)
            .AddF32("lora_unet_some_other_net.lora_up.weight", [1, 2, 3, 4], 2, 2)
            .ToBytes();
        var lora = await UploadAsync(new BlobReference(BlobLayout.Inputs, "loras/e2e-foreign.safetensors"), foreign);
        var request = Requests.Small(PhotoSource.FromBlob(_photo), count: 1, seed: 7) with { Mode = JobMode.CustomLora, Lora = lora.Blob };
        var submission = await _host.Submitter.SubmitAsync(request);

        var failure = await Assert.ThrowsAsync<PortraitJobFailureException>(() => _host.WaitForJobAsync(submission.JobId, cancellationToken: Limits.Job()));

        Assert.Equal(JobFailureCode.InvalidLora, failure.Code);
        Assert.StartsWith($"the LoRA '{lora.Blob}' cannot be used: the LoRA maps to nothing in this model set (2 keys", failure.Reason, StringComparison.Ordinal);
        Assert.Empty(await Blobs.OutputsOf(_host.Store, submission.JobId));
    }

    private SafetensorsBuilder Lora(int seed) =>
        new GeneratedLora(_host.Services.GetRequiredService<ModelSetProvider>().LoraMapping.Targets, rank: 4, alpha: 4, seed).Kohya();

    private int MappedTargetCount() => _host.Services.GetRequiredService<ModelSetProvider>().LoraMapping.Targets.Count;

    private async Task<(BlobReference Blob, string Sha256)> UploadAsync(BlobReference blob, byte[] bytes)
    {
        await _host.Store.UploadAsync(blob, bytes, BlobLayout.BinaryContentType, overwrite: true);
        return (blob, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>A blob style; without <paramref name="sha256"/> it is the same style without a LoRA.</summary>
    private Task UploadStyleAsync(string styleId, string? sha256, float multiplier) =>
        _host.Store.UploadJsonAsync(BlobLayout.StyleDocument(styleId), new PortraitStyle(
            styleId, "E2E LoRA style", "portrait of {subject}, test style", "blurry", 1f,
            sha256 is null ? null : new StyleLora(StyleLora.DefaultFile, sha256, multiplier)));

    private async Task<IReadOnlyList<byte[]>> ImagesOf(PortraitJobResult result) =>
        await Task.WhenAll(result.Outputs.Select(o => _host.Store.DownloadAsync(o.Blob, 1 << 20)));
}
