using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Pipeline.Tests;

/// <summary>What every <see cref="IBlobStore"/> must do; run against each implementation.</summary>
public abstract class BlobStoreContractTests
{
    protected abstract IBlobStore Store { get; }

    /// <summary>A container name unique to this test instance (stores shared between tests stay isolated).</summary>
    protected abstract string Container(string logicalName);

    [Fact]
    public async Task Upload_download_exists_and_list()
    {
        var work = Container("work");
        await Store.CreateContainerAsync(work);
        await Store.CreateContainerAsync(work);
        var blob = new BlobReference(work, "job-1/image-0.png");
        Assert.False(await Store.ExistsAsync(blob));

        await Store.UploadAsync(blob, new byte[] { 1, 2, 3 }, BlobLayout.PngContentType, overwrite: false);
        await Store.UploadAsync(new BlobReference(work, "job-1/faces.json"), "{}"u8.ToArray(), BlobLayout.JsonContentType, overwrite: false);
        await Store.UploadAsync(new BlobReference(work, "job-10/faces.json"), "{}"u8.ToArray(), BlobLayout.JsonContentType, overwrite: false);

        Assert.True(await Store.ExistsAsync(blob));
        Assert.Equal([1, 2, 3], await Store.DownloadAsync(blob, 100));
        Assert.Equal(["job-1/faces.json", "job-1/image-0.png"], await Store.ListAsync(work, "job-1/"));
        Assert.Equal(3, (await Store.ListAsync(work, "")).Count);
        Assert.Empty(await Store.ListAsync(work, "job-2/"));
    }

    [Fact]
    public async Task Overwrite_replaces_and_no_overwrite_refuses()
    {
        var outputs = Container("outputs");
        await Store.CreateContainerAsync(outputs);
        var blob = new BlobReference(outputs, "j/result.json");
        await Store.UploadAsync(blob, new byte[] { 1 }, BlobLayout.JsonContentType, overwrite: false);
        await Assert.ThrowsAsync<BlobAlreadyExistsException>(() =>
            Store.UploadAsync(blob, new byte[] { 2 }, BlobLayout.JsonContentType, overwrite: false));
        Assert.Equal([1], await Store.DownloadAsync(blob, 10));
        await Store.UploadAsync(blob, new byte[] { 3, 4 }, BlobLayout.JsonContentType, overwrite: true);
        Assert.Equal([3, 4], await Store.DownloadAsync(blob, 10));
        Assert.Equal(["j/result.json"], await Store.ListAsync(outputs, "j/"));
    }

    [Fact]
    public async Task Download_to_a_stream_copies_the_blob_and_refuses_missing_or_oversized_ones_before_copying()
    {
        var styles = Container("styles");
        await Store.CreateContainerAsync(styles);
        var blob = new BlobReference(styles, "s/lora.safetensors");
        var content = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
        await Store.UploadAsync(blob, content, BlobLayout.BinaryContentType, overwrite: true);

        using var copy = new MemoryStream();
        await Store.DownloadToAsync(blob, copy, content.Length);
        using var refused = new MemoryStream();
        var tooLarge = await Assert.ThrowsAsync<BlobTooLargeException>(() => Store.DownloadToAsync(blob, refused, content.Length - 1));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.DownloadToAsync(new BlobReference(styles, "none.safetensors"), refused, 10));

        Assert.Equal(content, copy.ToArray());
        Assert.Equal(content.Length, tooLarge.Size);
        Assert.Equal(0, refused.Length);
    }

    [Fact]
    public async Task Missing_and_oversized_blobs_are_typed_errors()
    {
        var inputs = Container("inputs");
        await Store.CreateContainerAsync(inputs);
        var missing = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.DownloadAsync(new BlobReference(inputs, "none/x.jpg"), 10));
        Assert.Equal($"{inputs}/none/x.jpg", missing.Blob.ToString());
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.DownloadAsync(new BlobReference(Container("nocontainer"), "x.jpg"), 10));

        var blob = new BlobReference(inputs, "big.bin");
        await Store.UploadAsync(blob, new byte[11], BlobLayout.BinaryContentType, overwrite: true);
        var tooLarge = await Assert.ThrowsAsync<BlobTooLargeException>(() => Store.DownloadAsync(blob, 10));
        Assert.Equal(11, tooLarge.Size);
        Assert.Equal(11, (await Store.DownloadAsync(blob, 11)).Length);
    }

    [Fact]
    public async Task Copy_writes_the_source_under_the_new_name_replacing_what_was_there_and_refuses_a_missing_source()
    {
        var work = Container("work");
        var outputs = Container("outputs");
        await Store.CreateContainerAsync(work);
        await Store.CreateContainerAsync(outputs);
        var source = new BlobReference(work, "j/image-0.png");
        var destination = new BlobReference(outputs, "j/portrait-0.png");
        var content = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 13)).ToArray();
        await Store.UploadAsync(source, content, BlobLayout.PngContentType, overwrite: true);
        await Store.UploadAsync(destination, new byte[] { 9 }, BlobLayout.PngContentType, overwrite: true);

        await Store.CopyAsync(source, destination, BlobLayout.PngContentType);
        var missing = await Assert.ThrowsAsync<BlobNotFoundException>(() =>
            Store.CopyAsync(new BlobReference(work, "j/none.png"), new BlobReference(outputs, "j/portrait-1.png"), BlobLayout.PngContentType));

        Assert.Equal(content, await Store.DownloadAsync(destination, content.Length));
        Assert.Equal(content, await Store.DownloadAsync(source, content.Length));
        Assert.Equal($"{work}/j/none.png", missing.Blob.ToString());
        Assert.Equal(["j/portrait-0.png"], await Store.ListAsync(outputs, "j/"));
    }

    [Fact]
    public async Task A_container_that_was_never_created_lists_empty() =>
        Assert.Empty(await Store.ListAsync(Container("never"), ""));
}
