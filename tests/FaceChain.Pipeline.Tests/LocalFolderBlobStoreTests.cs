using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Pipeline.Tests;

public sealed class LocalFolderBlobStoreTests : BlobStoreContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "facechain-blobs-" + Guid.NewGuid().ToString("N"));
    private readonly LocalFolderBlobStore _store;

    public LocalFolderBlobStoreTests() => _store = new LocalFolderBlobStore(_root);

    protected override IBlobStore Store => _store;

    protected override string Container(string logicalName) => logicalName;

    [Fact]
    public async Task The_layout_containers_are_folders_and_writes_leave_no_temporary_files()
    {
        await _store.CreateLayoutContainersAsync();
        Assert.All(BlobLayout.Containers, c => Assert.True(Directory.Exists(Path.Combine(_root, c))));
        var blob = new BlobReference("outputs", "j/portrait-0.png");
        await _store.UploadAsync(blob, new byte[] { 1 }, BlobLayout.PngContentType, overwrite: true);
        await _store.UploadAsync(blob, new byte[] { 2 }, BlobLayout.PngContentType, overwrite: true);
        Assert.Equal(["portrait-0.png"], Directory.GetFiles(Path.Combine(_root, "outputs", "j")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("inputs", "../outside.txt")]
    [InlineData("inputs", "a/../../outside.txt")]
    [InlineData("inputs", "/etc/passwd")]
    [InlineData("../inputs", "x.txt")]
    [InlineData("Inputs", "x.txt")]
    [InlineData("inputs", "")]
    [InlineData("inputs", "a/.uploading-x")]
    public async Task Names_that_would_leave_the_container_are_refused(string container, string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _store.UploadAsync(new BlobReference(container, name), new byte[] { 1 }, BlobLayout.BinaryContentType, overwrite: true));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root)!, "outside.txt")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
