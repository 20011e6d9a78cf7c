using System.Runtime.Versioning;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;

namespace FaceChain.Cli.Tests;

/// <summary>
/// --out is proven writable before the job starts (exit 2, one line, nothing left behind); if writing still fails after
/// the job, the outputs are not lost and the message says where they are.
/// </summary>
[Collection(AzuriteFixture.Collection)]
[UnsupportedOSPlatform("windows")]
public sealed class OutputFolderTests(AzuriteFixture azurite) : IDisposable
{
    private const int Nobody = 65534;

    private readonly TempFolder _folder = new();

    private static string[] Job(string output) =>
        ["portrait", "--photo", SharedAssets.SinglePortraits[1], "--style", "anime", "--count", "1", "--size", "64", "--steps", "2", "--out", output];

    [Fact]
    public void A_folder_under_a_regular_file_is_refused_before_the_job()
    {
        File.WriteAllText(_folder.File("notes.txt"), "a file, not a folder");
        var output = Path.Combine(_folder.File("notes.txt"), "out");

        var run = CliInvocation.Run(Job(output));

        RefusalAssertions.AssertOneLine(run, ExitCodes.BadArguments, $"error: --out: '{output}' cannot be created: '{_folder.File("notes.txt")}' is a file, not a folder");
        Assert.Equal("a file, not a folder", File.ReadAllText(_folder.File("notes.txt")));
    }

    [Fact]
    public void A_folder_under_proc_is_refused_before_the_job()
    {
        var output = $"/proc/facechain-out-{Guid.NewGuid():N}";
        var run = CliInvocation.Run(Job(output));
        RefusalAssertions.AssertOneLine(run, ExitCodes.BadArguments, $"error: --out: cannot write into '{output}': the file system there does not allow creating files (e.g. /proc)");
    }

    [Fact]
    public async Task A_read_only_folder_is_refused_before_the_job_and_left_as_it_was()
    {
        var output = _folder.File("read-only");
        Directory.CreateDirectory(Path.Combine(output, "nested"));
        File.SetUnixFileMode(_folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(output, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        string[] args = [.. Job(output), "--engine", "azurite"];

        // Root writes into read-only folders anyway; run the command as an unprivileged user so the mode bites.
        int code;
        string stdout, stderr;
        if (Environment.UserName == "root")
        {
            using var child = CliProcess.Start(args, asUser: Nobody);
            code = await child.WaitForExitAsync(TimeSpan.FromSeconds(120)) ?? -1;
            (stdout, stderr) = (child.Output, child.Error);
        }
        else
        {
            var run = await CliInvocation.RunAsync(args);
            (code, stdout, stderr) = (run.ExitCode, run.Output, run.Error);
        }

        RefusalAssertions.AssertOneLine(code, stdout, stderr, ExitCodes.BadArguments, $"error: --out: cannot write into '{output}': permission denied");
        Assert.Equal([Path.Combine(output, "nested")], Directory.GetFileSystemEntries(output));
    }

    [Fact]
    public async Task Outputs_that_cannot_be_written_after_the_job_are_named_in_the_storage_account()
    {
        var output = _folder.File("out");
        // The moment the job is submitted, --out (checked and created) is replaced by a file, as a clean-up script might do.
        using var error = new ActOnText("job pj-", () =>
        {
            Directory.Delete(output);
            File.WriteAllText(output, "in the way");
        });
        var stdout = new StringWriter();
        string[] args = [.. Job(output), "--models", SharedAssets.ModelsFolder, "--engine", "storage", "--connection", azurite.ConnectionString, "--task-hub", "Out" + Guid.NewGuid().ToString("N")[..16]];

        var code = await FaceChainCommandLine.InvokeAsync(args, new System.CommandLine.InvocationConfiguration { Output = stdout, Error = error });

        Assert.True(code == ExitCodes.EnvironmentError, error.ToString());
        var line = Assert.Single(error.ToString().Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        var match = System.Text.RegularExpressions.Regex.Match(line,
            $@"^error: could not write the outputs into {System.Text.RegularExpressions.Regex.Escape(output)} \(.+\); they are kept in the storage account: container 'outputs', (?<job>pj-[0-9a-f]+)/portrait-0\.png, \k<job>/result\.json$");
        Assert.True(match.Success, line);
        var store = AzureBlobStore.FromConnectionString(azurite.ConnectionString);
        Assert.True(await store.ExistsAsync(new BlobReference(BlobLayout.Outputs, match.Groups["job"].Value + "/portrait-0.png")));
        Assert.True(await store.ExistsAsync(new BlobReference(BlobLayout.Outputs, match.Groups["job"].Value + "/result.json")));
        Assert.Equal("in the way", File.ReadAllText(output));
        RefusalAssertions.AssertNoInternals(error.ToString());
    }

    [Fact]
    public async Task Outputs_that_cannot_be_written_after_a_job_on_the_private_azurite_are_saved_elsewhere_and_named()
    {
        var output = _folder.File("out");
        using var error = new ActOnText("job pj-", () =>
        {
            Directory.Delete(output);
            File.WriteAllText(output, "in the way");
        });
        var stdout = new StringWriter();
        string[] args = [.. Job(output), "--models", SharedAssets.ModelsFolder, "--engine", "azurite"];

        var code = await FaceChainCommandLine.InvokeAsync(args, new System.CommandLine.InvocationConfiguration { Output = stdout, Error = error });

        Assert.True(code == ExitCodes.EnvironmentError, error.ToString());
        var line = Assert.Single(error.ToString().Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        var match = System.Text.RegularExpressions.Regex.Match(line, @"so they were saved in (?<rescue>/\S+facechain-outputs-pj-[0-9a-f]+)$");
        Assert.True(match.Success, line);
        var rescue = match.Groups["rescue"].Value;
        try
        {
            Assert.True(File.Exists(Path.Combine(rescue, "portrait-0.png")));
            Assert.True(File.Exists(Path.Combine(rescue, "result.json")));
            Assert.Contains(Path.Combine(rescue, "portrait-0.png"), stdout.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(rescue, recursive: true);
        }
    }

    public void Dispose()
    {
        File.SetUnixFileMode(_folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _folder.Dispose();
    }
}
