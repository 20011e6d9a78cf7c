using System.Diagnostics;
using FaceChain.Vision.Files;

namespace FaceChain.Vision.Tests;

/// <summary>Photos are read only from regular files, never past the byte cap: pipes, devices, folders and broken links are refused unopened.</summary>
public sealed class RegularFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "facechain-regular-" + Guid.NewGuid().ToString("N"));

    public RegularFileTests() => Directory.CreateDirectory(_folder);

    private string Item(string name) => Path.Combine(_folder, name);

    [Fact]
    public void Each_kind_of_path_is_told_apart()
    {
        File.WriteAllBytes(Item("photo.jpg"), [1, 2, 3]);
        File.CreateSymbolicLink(Item("loop-a"), Item("loop-b"));
        File.CreateSymbolicLink(Item("loop-b"), Item("loop-a"));
        File.CreateSymbolicLink(Item("dangling"), Item("gone.jpg"));
        File.CreateSymbolicLink(Item("link-to-photo"), Item("photo.jpg"));
        Mkfifo(Item("pipe"));

        Assert.Equal(FileKind.RegularFile, FileKindProbe.Of(Item("photo.jpg")));
        Assert.Equal(FileKind.RegularFile, FileKindProbe.Of(Item("link-to-photo")));
        Assert.Equal(FileKind.Directory, FileKindProbe.Of(_folder));
        Assert.Equal(FileKind.Missing, FileKindProbe.Of(Item("nothing.jpg")));
        Assert.Equal(FileKind.SymbolicLinkLoop, FileKindProbe.Of(Item("loop-a")));
        Assert.Equal(FileKind.DanglingSymbolicLink, FileKindProbe.Of(Item("dangling")));
        Assert.Equal(FileKind.UnderAFile, FileKindProbe.Of(Path.Combine(Item("photo.jpg"), "inner.jpg")));
        Assert.Equal(FileKind.NamedPipe, FileKindProbe.Of(Item("pipe")));
        Assert.Equal(FileKind.CharacterDevice, FileKindProbe.Of("/dev/zero"));
    }

    [Theory]
    [InlineData("pipe", "is a named pipe (FIFO), not a regular file")]
    [InlineData("/dev/zero", "is a character device, not a regular file")]
    [InlineData("/dev/urandom", "is a character device, not a regular file")]
    [InlineData("", "is a directory, not a file")]
    [InlineData("loop-a", "is a symbolic link loop (or too many levels of links)")]
    public void Non_regular_files_are_refused_without_being_opened(string name, string reason)
    {
        Mkfifo(Item("pipe"));
        File.CreateSymbolicLink(Item("loop-a"), Item("loop-a"));
        var path = name.StartsWith('/') ? name : name.Length == 0 ? _folder : Item(name);
        var watch = Stopwatch.StartNew();

        // Opening the FIFO would block until a writer came; reading /dev/zero would never end.
        var error = Assert.Throws<UnreadableFileException>(() => RegularFile.ReadAtMost(path, 1024));

        Assert.Equal($"'{path}' {reason}", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void A_dangling_link_names_its_missing_target()
    {
        File.CreateSymbolicLink(Item("dangling"), Item("gone.jpg"));
        var error = Assert.Throws<UnreadableFileException>(() => RegularFile.ReadAtMost(Item("dangling"), 1024));
        Assert.Equal($"'{Item("dangling")}' is a symbolic link to '{Item("gone.jpg")}', which does not exist", error.Message);
    }

    [Fact]
    public void The_byte_cap_is_enforced_while_reading()
    {
        File.WriteAllBytes(Item("big.bin"), new byte[10_000]);
        File.WriteAllBytes(Item("exact.bin"), new byte[4096]);

        Assert.Null(RegularFile.ReadAtMost(Item("big.bin"), 4095));
        Assert.Equal(4096, RegularFile.ReadAtMost(Item("exact.bin"), 4096)!.Length);
    }

    [Fact]
    public void The_loader_refuses_a_file_over_its_byte_cap()
    {
        File.WriteAllBytes(Item("big.jpg"), new byte[2048]);
        var error = Assert.Throws<InvalidImageException>(() => new SafeImageLoader(new ImageLoadOptions { MaxBytes = 1024 }).Load(Item("big.jpg")));
        Assert.Equal(InvalidImageReason.TooManyBytes, error.Reason);
    }

    private static void Mkfifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
