using System.Net;
using System.Text.Json;
using FaceChain.Inference;
using FaceChain.Testing;

namespace FaceChain.Cli.Tests;

public sealed class ModelsCommandTests
{
    [Fact]
    public void VerifyAgainstSharedModelsSucceedsForEveryKnownModel()
    {
        using var cache = new TempFolder();
        var run = CliInvocation.Run("models", "verify", "--models", SharedAssets.ModelsFolder, "--cache", cache.Path, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(KnownModels.All.Select(m => m.Id), rows.Select(r => r.GetProperty("id").GetString()));
        Assert.All(rows, r => Assert.Equal("ok", r.GetProperty("status").GetString()));
        Assert.All(rows, r => Assert.True(File.Exists(r.GetProperty("path").GetString())));
    }

    [Fact]
    public void VerifyFailsNamingACorruptedCopy()
    {
        using var models = new TempFolder();
        using var cache = new TempFolder();
        var model = KnownModels.YuNetFaceDetector;
        var copy = Path.Combine(models.Path, model.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        var bytes = File.ReadAllBytes(Path.Combine(SharedAssets.ModelsFolder, model.RelativePath));
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(copy, bytes);

        var run = CliInvocation.Run("models", "verify", "--models", models.Path, "--cache", cache.Path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{model.Id,-34} hash mismatch", run.Output, StringComparison.Ordinal);
        var error = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(copy, error, StringComparison.Ordinal);
        Assert.Contains(model.Sha256, error, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyReportsMissingModelsWithTheFoldersSearched()
    {
        using var models = new TempFolder();
        using var cache = new TempFolder();
        var resolver = new ModelResolver(new ModelSourceOptions { ModelsFolder = models.Path, CacheFolder = cache.Path, AllowDownload = false });
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(1, ModelsCommand.RunVerify(resolver, json: false, output, error));
        Assert.Equal(KnownModels.All.Count, error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(models.Path, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("missing", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchWithoutNetworkFailsNamingEachUrl()
    {
        using var models = new TempFolder();
        using var cache = new TempFolder();
        using var http = new HttpClient(new UnreachableNetwork());
        var resolver = new ModelResolver(new ModelSourceOptions { ModelsFolder = models.Path, CacheFolder = cache.Path }, http);
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(1, await ModelsCommand.RunFetchAsync(resolver, output, error));

        string errors = error.ToString();
        foreach (var model in KnownModels.All)
        {
            Assert.Contains(model.UpstreamUrl is null ? $"{model.Id}: " : model.UpstreamUrl.ToString(), errors, StringComparison.Ordinal);
        }

        Assert.Contains("no public download URL", errors, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(cache.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task FetchDownloadsAMissingModelAndVerifiesIt()
    {
        using var models = new TempFolder();
        using var cache = new TempFolder();
        var sharedModels = SharedAssets.ModelsFolder;
        using var http = new HttpClient(new ServeFromFolder(sharedModels));
        var resolver = new ModelResolver(new ModelSourceOptions { ModelsFolder = models.Path, CacheFolder = cache.Path }, http);

        // Derived exports cannot be downloaded; give the command only those so the rest must be fetched.
        foreach (var model in KnownModels.All.Where(m => m.UpstreamUrl is null))
        {
            var target = Path.Combine(models.Path, model.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(sharedModels, model.RelativePath), target);
        }

        var error = new StringWriter();
        Assert.True(await ModelsCommand.RunFetchAsync(resolver, new StringWriter(), error) == 0, error.ToString());
        foreach (var model in KnownModels.All.Where(m => m.UpstreamUrl is not null))
        {
            Assert.True(File.Exists(Path.Combine(cache.Path, model.RelativePath)), model.Id);
        }
    }

    [Fact]
    public async Task FetchRefusesDownloadedBytesThatDoNotMatchTheHash()
    {
        using var models = new TempFolder();
        using var cache = new TempFolder();
        using var http = new HttpClient(new ServeGarbage());
        var resolver = new ModelResolver(new ModelSourceOptions { ModelsFolder = models.Path, CacheFolder = cache.Path }, http);
        var error = new StringWriter();

        Assert.Equal(1, await ModelsCommand.RunFetchAsync(resolver, new StringWriter(), error));

        var line = error.ToString().Split('\n').First(l => l.Contains(KnownModels.MobileFaceNet.Id, StringComparison.Ordinal));
        Assert.Contains(KnownModels.MobileFaceNet.UpstreamUrl!.ToString(), line, StringComparison.Ordinal);
        Assert.Contains("failed verification", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(cache.Path, "*", SearchOption.AllDirectories));
    }

    /// <summary>Answers every request with bytes that are not the pinned model.</summary>
    private sealed class ServeGarbage : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var model = KnownModels.All.Single(m => m.UpstreamUrl == request.RequestUri);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[model.SizeBytes]) });
        }
    }

    /// <summary>Fails every request the way HttpClient does when DNS or the route is unavailable.</summary>
    private sealed class UnreachableNetwork : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException($"Name or service not known ({request.RequestUri!.Host}:443)");
    }

    /// <summary>Answers a pinned upstream URL with the shared copy of the model it names.</summary>
    private sealed class ServeFromFolder(string folder) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var model = KnownModels.All.Single(m => m.UpstreamUrl == request.RequestUri);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new ByteArrayContent(File.ReadAllBytes(Path.Combine(folder, model.RelativePath))),
            });
        }
    }
}
