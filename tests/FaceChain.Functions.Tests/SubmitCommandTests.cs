using FaceChain.Cli;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Testing;
using SixLabors.ImageSharp;

namespace FaceChain.Functions.Tests;

/// <summary>
/// `facechain submit` against the app's HTTP functions served on a loopback port (jobs run on the in-process Durable host,
/// blobs and SAS URLs on Azurite): the deployment smoke test of docs/deploy.md, end to end.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class SubmitCommandTests(FunctionsFixture fixture) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "facechain-submit-" + Guid.NewGuid().ToString("N"));

    private SubmitOptions Options(Uri endpoint, ulong seed) => new()
    {
        Endpoint = endpoint,
        Key = LoopbackApiServer.FunctionKey,
        Photo = SharedAssets.SinglePortraits[1],
        Style = "studio-portrait",
        Count = 2,
        Size = 64,
        Steps = 3,
        Seed = seed,
        Out = Path.Combine(_folder, "out"),
        PollInterval = TimeSpan.FromMilliseconds(100),
        Timeout = TimeSpan.FromMinutes(3),
    };

    [Fact]
    public async Task Submit_runs_the_job_on_the_deployment_and_downloads_its_portraits_and_result_json()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await using var server = await LoopbackApiServer.StartAsync(host);
        var options = Options(server.Endpoint, seed: 7001);
        using var http = new HttpClient();
        var (output, error) = (new StringWriter(), new StringWriter());

        var code = await SubmitCommand.RunAsync(options, http, output, error, interactive: false);

        Assert.True(code == ExitCodes.Success, error.ToString());
        Assert.Matches(@"job pj-[0-9a-f]+ at http://127\.0\.0\.1:\d+/", error.ToString());
        Assert.Contains("stage generateImages: 2/2", error.ToString(), StringComparison.Ordinal);
        var result = PipelineJson.Deserialize<PortraitJobResult>(File.ReadAllBytes(Path.Combine(options.Out, "result.json")), "result.json");
        Assert.Equal([0, 1], result.Outputs.Select(o => o.Index));
        foreach (var image in result.Outputs)
        {
            var path = Path.Combine(options.Out, $"portrait-{image.Index}.png");
            Assert.Equal((64, 64), (Image.Identify(path).Width, Image.Identify(path).Height));
            Assert.Contains($"{path}  64x64  seed {image.Seed}", output.ToString(), StringComparison.Ordinal);
        }

        // Submitting the same photo and request again follows the job that exists instead of starting another.
        var again = new StringWriter();
        Assert.Equal(ExitCodes.Success, await SubmitCommand.RunAsync(options with { Out = Path.Combine(_folder, "again") }, http, new StringWriter(), again, interactive: false));
        Assert.Contains("(submitted before: following the existing job)", again.ToString(), StringComparison.Ordinal);
        Assert.Single(await host.InstancesAsync(), i => i.Name == PortraitActivityNames.Orchestrator);
    }

    [Fact]
    public async Task Submit_runs_a_template_job_on_face_3_and_prints_a_bad_index_with_the_faces_found()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await using var server = await LoopbackApiServer.StartAsync(host);
        var options = Options(server.Endpoint, seed: 7005) with
        {
            Photo = null,
            Style = null,
            Template = SharedAssets.GroupOfFive,
            Faces = [$"3={SharedAssets.SinglePortraits[0]}"],
            Count = 1,
            Steps = 4,
        };
        using var http = new HttpClient();
        var error = new StringWriter();

        var code = await SubmitCommand.RunAsync(options, http, new StringWriter(), error, interactive: false);

        Assert.True(code == ExitCodes.Success, error.ToString());
        var result = PipelineJson.Deserialize<PortraitJobResult>(File.ReadAllBytes(Path.Combine(options.Out, "result.json")), "result.json");
        Assert.Equal(3, Assert.Single(result.Template!.Faces).FaceIndex);
        Assert.Equal(5, result.Template.FacesFound.Count);
        Assert.Equal((1440, 1080), (Image.Identify(Path.Combine(options.Out, "portrait-0.png")).Width, Image.Identify(Path.Combine(options.Out, "portrait-0.png")).Height));

        var wrong = new StringWriter();
        Assert.Equal(ExitCodes.BadArguments, await SubmitCommand.RunAsync(options with { Faces = [$"9={SharedAssets.SinglePortraits[0]}"] }, http, new StringWriter(), wrong, interactive: false));
        Assert.Contains("error: faceIndex: the template photo has no face 9: 5 face(s) found: 0 at (x ", wrong.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_deployments_validation_errors_are_printed_and_nothing_runs()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await using var server = await LoopbackApiServer.StartAsync(host);
        using var http = new HttpClient();
        var error = new StringWriter();

        var code = await SubmitCommand.RunAsync(Options(server.Endpoint, seed: 7002) with { Count = 9, Style = "no-such-style" }, http, new StringWriter(), error, interactive: false);

        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("error: count: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("error: styleId: ", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(await host.InstancesAsync());
        Assert.False(Directory.Exists(Path.Combine(_folder, "out")));
    }

    [Fact]
    public async Task A_wrong_function_key_is_an_environment_error_that_says_so()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);
        await using var server = await LoopbackApiServer.StartAsync(host);
        using var http = new HttpClient();
        var error = new StringWriter();

        var code = await SubmitCommand.RunAsync(Options(server.Endpoint, seed: 7003) with { Key = "wrong" }, http, new StringWriter(), error, interactive: false);

        Assert.Equal(ExitCodes.EnvironmentError, code);
        Assert.Contains("401", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("function key", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(await host.InstancesAsync());
    }

    [Fact]
    public async Task Arguments_the_client_can_check_are_refused_before_any_request()
    {
        using var http = new HttpClient();
        var error = new StringWriter();
        var options = new SubmitOptions { Endpoint = new Uri("http://example.com/"), Photo = Path.Combine(_folder, "none.jpg"), Style = "" };

        var code = await SubmitCommand.RunAsync(options, http, new StringWriter(), error, interactive: false);

        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("--endpoint: plain http is only allowed to this machine", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--photo: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--style: ", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
