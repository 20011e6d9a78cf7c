using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FaceChain.Cli.Tests;

/// <summary>`facechain serve`: bad command lines are refused before anything starts; a good one serves the API and page until cancelled.</summary>
public sealed partial class ServeCommandTests
{
    private static IReadOnlyList<string> ErrorLines(CliInvocation run) =>
        run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void Every_bad_option_is_reported_at_once_with_exit_2()
    {
        var run = CliInvocation.Run("serve", "--port", "70000", "--engine", "storage", "--models", "/no/such/models");

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Equal(
            ["error: --port: 70000 is not a TCP port (0–65535; 0 picks a free one)",
             "error: --engine storage needs --connection <Azure Storage connection string>",
             "error: --models: folder not found: /no/such/models"],
            ErrorLines(run));
        Assert.Empty(run.Output);
    }

    [Fact]
    public void The_in_memory_engine_is_not_offered_and_an_unknown_model_set_is_named()
    {
        var memory = CliInvocation.Run("serve", "--engine", "memory");
        var modelSet = CliInvocation.Run("serve", "--port", "0", "--model-set", "/no/such/set");

        Assert.Equal((ExitCodes.BadArguments, ExitCodes.BadArguments), (memory.ExitCode, modelSet.ExitCode));
        Assert.Contains("memory", memory.Error, StringComparison.Ordinal);
        Assert.StartsWith("error: --model-set: model set folder not found: /no/such/set (a plain name is looked up under ", modelSet.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_answers_the_api_and_the_page_on_loopback_until_cancelled()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = new LineWriter();
        var error = new StringWriter();
        var serving = ServeCommand.RunAsync(new ServeOptions { Port = 0, TaskHub = "CliServe" }, output, error, stop.Token);

        var line = await output.FirstLineAsync(stop.Token);
        var endpoint = new Uri(ServingLine().Match(line).Groups[1].Value);
        using var http = new HttpClient { BaseAddress = endpoint };
        var styles = await http.GetFromJsonAsync<JsonElement>("api/styles");
        var page = await http.GetStringAsync("");
        var missing = await http.GetAsync("api/portraits/pj-0123456789abcdef0123456789abcdef");
        await stop.CancelAsync();
        var code = await serving;

        Assert.Equal("127.0.0.1", endpoint.Host);
        Assert.Contains(styles.GetProperty("styles").EnumerateArray(), s => s.GetProperty("id").GetString() == "studio-portrait");
        Assert.Contains("<title>FaceChain", page, StringComparison.Ordinal);
        Assert.Equal(404, (int)missing.StatusCode);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("engine: AzureStorage on Azurite", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("stopping", error.ToString(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("api/styles"));
    }

    [GeneratedRegex(@"^serving the web page at (http://127\.0\.0\.1:\d+/) and the API at http://127\.0\.0\.1:\d+/api/")]
    private static partial Regex ServingLine();

    /// <summary>Output that lets a test wait for the first line the command prints.</summary>
    private sealed class LineWriter : StringWriter
    {
        private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> FirstLineAsync(CancellationToken cancellationToken) => _first.Task.WaitAsync(cancellationToken);

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            _first.TrySetResult(value ?? "");
        }
    }
}
