using FaceChain.Cli;
using FaceChain.Pipeline.Engines;
using FaceChain.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FaceChain.Web.Tests;

/// <summary>
/// `facechain serve` (its <see cref="ApiServer"/>, on its own Azurite from the repository's npm dependency, loopback,
/// a free port) and one headless Chromium — the system's, never a downloaded one — shared by the browser tests.
/// </summary>
public sealed class ServeFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private ApiServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string CacheRoot { get; } = Path.Combine(Path.GetTempPath(), "facechain-web-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>Screenshots of the page's main states, beside the test assembly (the test output folder).</summary>
    public string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public ApiServer Server => _server ?? throw new InvalidOperationException("the server has not been started");

    public HeldImageGenerator Generator { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser has not been started");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var options = new ServeOptions { Port = 0, CacheRoot = CacheRoot, TaskHub = "WebTests" };
        Assert.Empty(options.Problems(out var engine));
        _server = await ApiServer.StartAsync(
            options, engine!,
            configureServices: services => services.AddSingleton<IImageGenerator>(sp =>
                Generator = new HeldImageGenerator(new InProcessImageGenerator(sp.GetRequiredService<ModelSetProvider>()))),
            adjustPipeline: pipeline => pipeline with
            {
                Models = SharedAssets.Resolver().Options,
                ModelSet = pipeline.ModelSet with { TokenizerFolder = SharedAssets.TokenizerFolder },
            });
        // Resolve the generator now, so tests can hold and release images before their first job.
        Generator = (HeldImageGenerator)Server.Portraits.Services.GetRequiredService<IImageGenerator>();

        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        Generator?.ReleaseAll();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(CacheRoot, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
