using System.Diagnostics;
using FaceChain.Testing;
using Xunit.Abstractions;

namespace FaceChain.Cli.Tests;

/// <summary>
/// `faces` and `compare` on devices, pipes and folders: refused up front (exit 1, one line) in well under a second,
/// without reading a byte. Serial, so the allocation bound measures these commands and not tests beside them.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class DeviceInputTests(ITestOutputHelper log) : IDisposable
{
    // The old reader took /dev/zero's length as 0 and read it until OutOfMemoryException (~4 GiB).
    private const long AllocationBound = 64L * 1024 * 1024;

    private readonly TempFolder _folder = new();

    public static TheoryData<string> Devices => new() { "/dev/zero", "/dev/urandom" };

    [Theory]
    [MemberData(nameof(Devices))]
    public void Faces_on_a_device_is_refused_fast_with_bounded_memory(string device)
    {
        var run = Measure(() => CliInvocation.Run("faces", device, "--models", SharedAssets.ModelsFolder));
        RefusalAssertions.AssertOneLine(run, ExitCodes.InputError, $"error: '{device}' is a character device, not a regular file");
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void Compare_with_a_device_on_either_side_is_refused_fast_with_bounded_memory(string device)
    {
        var first = Measure(() => CliInvocation.Run("compare", device, SharedAssets.SinglePortraits[0], "--models", SharedAssets.ModelsFolder));
        RefusalAssertions.AssertOneLine(first, ExitCodes.InputError, $"error: '{device}' is a character device, not a regular file");
        var second = Measure(() => CliInvocation.Run("compare", SharedAssets.SinglePortraits[0], device, "--models", SharedAssets.ModelsFolder));
        RefusalAssertions.AssertOneLine(second, ExitCodes.InputError, $"error: '{device}' is a character device, not a regular file");
    }

    [Fact]
    public void Faces_and_compare_on_a_named_pipe_do_not_block()
    {
        var pipe = _folder.File("photo.jpg");
        using (var mkfifo = Process.Start("mkfifo", [pipe]))
        {
            mkfifo.WaitForExit();
        }

        // No writer ever opens the pipe: opening it for reading would block this test forever.
        RefusalAssertions.AssertOneLine(Measure(() => CliInvocation.Run("faces", pipe, "--models", SharedAssets.ModelsFolder)),
            ExitCodes.InputError, $"error: '{pipe}' is a named pipe (FIFO), not a regular file");
        RefusalAssertions.AssertOneLine(Measure(() => CliInvocation.Run("compare", SharedAssets.SinglePortraits[0], pipe, "--models", SharedAssets.ModelsFolder)),
            ExitCodes.InputError, $"error: '{pipe}' is a named pipe (FIFO), not a regular file");
    }

    [Fact]
    public void Faces_on_a_directory_says_it_is_a_directory()
    {
        RefusalAssertions.AssertOneLine(CliInvocation.Run("faces", _folder.Path), ExitCodes.InputError, $"error: '{_folder.Path}' is a directory, not a file");
    }

    [Fact]
    public void Faces_on_a_file_over_the_cap_is_refused_while_reading()
    {
        // A sparse file: its length is over the 50 MB cap without taking disk space; reading stops one byte past the cap.
        var big = _folder.File("huge.jpg");
        using (var stream = File.Create(big))
        {
            stream.SetLength(64L * 1024 * 1024);
        }

        var run = CliInvocation.Run("faces", big, "--models", SharedAssets.ModelsFolder);
        RefusalAssertions.AssertOneLine(run, ExitCodes.InputError, $"error: Image file {big} is larger than the limit of {50L * 1024 * 1024} bytes.");
    }

    private CliInvocation Measure(Func<CliInvocation> run)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var result = run();
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        log.WriteLine($"refused in {watch.Elapsed.TotalMilliseconds:0} ms, {allocated / 1024} KiB allocated");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.True(allocated < AllocationBound, $"allocated {allocated} bytes");
        return result;
    }

    public void Dispose() => _folder.Dispose();
}
