using System.Diagnostics;
using FaceChain.Testing;

namespace FaceChain.Cli.Tests;

/// <summary>`portrait --photo` names something that is not a readable regular file: refused before any engine starts (exit 2, one line).</summary>
public sealed class PhotoPathTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Out => _folder.File("out");

    private CliInvocation Portrait(string photo) =>
        CliInvocation.Run("portrait", "--photo", photo, "--style", "anime", "--out", Out);

    private void AssertRefused(string photo, string reason)
    {
        var before = Directory.GetFileSystemEntries(_folder.Path).Order().ToList();
        var watch = Stopwatch.StartNew();
        var run = Portrait(photo);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        RefusalAssertions.AssertOneLine(run, ExitCodes.BadArguments, $"error: --photo: '{photo}' {reason}");
        Assert.Equal(before, Directory.GetFileSystemEntries(_folder.Path).Order().ToList());
    }

    [Fact]
    public void A_symbolic_link_loop_is_named_as_one()
    {
        File.CreateSymbolicLink(_folder.File("a.jpg"), _folder.File("b.jpg"));
        File.CreateSymbolicLink(_folder.File("b.jpg"), _folder.File("a.jpg"));
        AssertRefused(_folder.File("a.jpg"), "is a symbolic link loop (or too many levels of links)");
    }

    [Fact]
    public void A_dangling_symbolic_link_names_its_missing_target()
    {
        File.CreateSymbolicLink(_folder.File("me.jpg"), _folder.File("moved-away.jpg"));
        AssertRefused(_folder.File("me.jpg"), $"is a symbolic link to '{_folder.File("moved-away.jpg")}', which does not exist");
    }

    [Fact]
    public void A_directory_is_reported_as_a_directory()
    {
        AssertRefused(_folder.Path, "is a directory, not a file");
    }

    [Fact]
    public void A_named_pipe_is_refused_without_blocking()
    {
        using (var mkfifo = Process.Start("mkfifo", [_folder.File("pipe.jpg")]))
        {
            mkfifo.WaitForExit();
        }

        AssertRefused(_folder.File("pipe.jpg"), "is a named pipe (FIFO), not a regular file");
    }

    [Fact]
    public void A_device_is_refused_without_being_read()
    {
        AssertRefused("/dev/zero", "is a character device, not a regular file");
    }

    [Fact]
    public void A_link_to_a_real_photo_is_accepted()
    {
        File.CreateSymbolicLink(_folder.File("me.jpg"), SharedAssets.SinglePortraits[0]);
        var plan = PortraitPlan.From(new PortraitOptions { Photo = _folder.File("me.jpg"), Style = "anime", Out = Out }, Pipeline.Styles.StyleCatalog.BuiltIn);
        Assert.Equal(_folder.File("me.jpg"), plan.PhotoPath);
        plan.Output.RemoveIfUnused();
        Assert.False(Directory.Exists(Out));
    }

    public void Dispose() => _folder.Dispose();
}
