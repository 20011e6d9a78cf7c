using Microsoft.Playwright;

namespace FaceChain.Web.Tests;

/// <summary>One browser tab on the served page, recording every console error and uncaught exception it shows.</summary>
public sealed class PageSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    private PageSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"console: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add($"uncaught: {error}");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught exceptions so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>
    /// The errors other than Chromium's own line for an HTTP error response ("Failed to load resource: … 400"), which it
    /// logs for every 4xx fetch, including those the page expects and shows to the user.
    /// </summary>
    public IReadOnlyList<string> ErrorsBesidesHttpStatus() =>
        [.. Errors.Where(e => !e.Contains("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))];

    public static async Task<PageSession> OpenAsync(ServeFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        var session = new PageSession(context, page);
        await page.GotoAsync(fixture.Server.Endpoint.AbsoluteUri);
        // The page is ready once it has built the mode and style controls from the API.
        await page.Locator(".style-card").First.WaitForAsync();
        return session;
    }

    public Task ScreenshotAsync(ServeFixture fixture, string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotFolder, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
