using System.Net.Http.Json;
using System.Text.Json;
using FaceChain.Functions.Api;
using FaceChain.Testing;
using Microsoft.Playwright;

namespace FaceChain.Web.Tests;

/// <summary>The web page in headless Chromium against `facechain serve` on loopback: what a person sees and can do.</summary>
[Collection(ServeCollection.Name)]
public sealed class WebPageTests(ServeFixture fixture)
{
    private static string Photo => SharedAssets.SinglePortraits[2];

    [Fact]
    public async Task The_page_loads_without_console_errors_and_lists_the_styles_and_the_supported_modes()
    {
        await using var session = await PageSession.OpenAsync(fixture);
        var page = session.Page;

        using var http = new HttpClient();
        var styles = await http.GetFromJsonAsync<JsonElement>(new Uri(fixture.Server.Endpoint, "api/styles"));
        var ids = styles.GetProperty("styles").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids, await page.Locator(".style-card").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.styleId)"));
        var first = styles.GetProperty("styles")[0];
        Assert.Contains(first.GetProperty("displayName").GetString()!, await page.Locator(".style-card").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.Locator(".style-card").First.GetAttributeAsync("aria-selected"));

        // Modes come from GET /api/modes: exactly the supported ones get a control.
        var modes = await http.GetFromJsonAsync<JsonElement>(new Uri(fixture.Server.Endpoint, "api/modes"));
        var supported = modes.GetProperty("modes").EnumerateArray().Where(m => m.GetProperty("supported").GetBoolean()).Select(m => "mode-" + m.GetProperty("id").GetString()).ToList();
        Assert.Equal(supported, await page.Locator(".mode").EvaluateAllAsync<string[]>("modes => modes.map(m => m.id)"));

        await session.ScreenshotAsync(fixture, "1-loaded");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Uploading_a_photo_shows_it_with_its_face_box()
    {
        await using var session = await PageSession.OpenAsync(fixture);
        var page = session.Page;

        await page.Locator("#photo-input").SetInputFilesAsync(Photo);

        await page.Locator("#photo-canvas[data-faces='1']").WaitForAsync();
        Assert.Contains("1 face found", await page.Locator("#photo-faces").InnerTextAsync(), StringComparison.Ordinal);
        // The box is drawn on the photo: the canvas has the photo's aspect and green (chosen-face) pixels.
        var greenPixels = await page.EvaluateAsync<int>(@"() => {
            const c = document.querySelector('#photo-canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i] === 0x22 && d[i + 1] === 0xc5 && d[i + 2] === 0x5e) n++;
            return n;
        }");
        Assert.True(greenPixels > 200, $"only {greenPixels} pixels of the face box colour on the canvas");
        await session.ScreenshotAsync(fixture, "2-photo-with-face");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task A_text_file_given_as_the_photo_shows_the_apis_error_next_to_the_photo()
    {
        await using var session = await PageSession.OpenAsync(fixture);
        var page = session.Page;
        var text = Path.Combine(fixture.CacheRoot, "notes.txt");
        await File.WriteAllTextAsync(text, "these are notes, not a photo");

        await page.Locator("#photo-input").SetInputFilesAsync(text);

        var slot = page.Locator(".field-error[data-for='characterPhoto']");
        await slot.And(page.Locator("[data-code]")).WaitForAsync();
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(fixture.Server.Endpoint, "api/faces"), new ByteArrayContent(await File.ReadAllBytesAsync(text)));
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal(ApiErrorCodes.InvalidImage, await slot.GetAttributeAsync("data-code"));
        Assert.Equal(error.GetProperty("message").GetString(), await slot.InnerTextAsync());
        Assert.Equal("0", await page.Locator("#photo-canvas").GetAttributeAsync("width"));
        await session.ScreenshotAsync(fixture, "3-not-a-photo");
        Assert.Empty(session.ErrorsBesidesHttpStatus());
    }

    [Fact]
    public async Task A_style_job_shows_progress_stage_by_stage_and_then_the_portraits_with_seeds_and_downloads()
    {
        const int steps = 97;
        await using var session = await PageSession.OpenAsync(fixture);
        var page = session.Page;
        await page.Locator("#photo-input").SetInputFilesAsync(Photo);
        await page.Locator("#photo-canvas[data-faces='1']").WaitForAsync();
        await FillAdvancedAsync(page, count: 2, steps, seed: "4242");

        await page.Locator("#generate").ClickAsync();

        // Held in generation: the face stages are done (with their times), generation is the active stage at 0/2.
        await page.Locator(".stage.active[data-stage='generateImages']").WaitForAsync();
        Assert.Equal(["detectFaces", "encodeIdentity"], await page.Locator(".stage.done").EvaluateAllAsync<string[]>("s => s.map(x => x.dataset.stage)"));
        Assert.Contains("0/2", await page.Locator(".stage.active").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#cancel").IsVisibleAsync());
        await session.ScreenshotAsync(fixture, "4-progress");

        fixture.Generator.Release(steps);

        await page.Locator("#results .result img").Nth(1).WaitForAsync();
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#results img')].every(i => i.complete && i.naturalWidth === 64)");
        Assert.Equal(4, await page.Locator(".stage.done").CountAsync());
        Assert.Contains("Done: 2 portraits", await page.Locator("#job-state").InnerTextAsync(), StringComparison.Ordinal);
        var jobId = await page.Locator("#job-id").InnerTextAsync();
        using var http = new HttpClient();
        var status = await http.GetFromJsonAsync<JsonElement>(new Uri(fixture.Server.Endpoint, $"api/portraits/{jobId}"));
        var seeds = status.GetProperty("outputs").EnumerateArray().Select(o => "seed " + o.GetProperty("seed").GetString()).ToList();
        Assert.Equal(seeds, await page.Locator("#results .caption .mono").AllInnerTextsAsync());
        var links = await page.Locator("#results a[download]").EvaluateAllAsync<string[]>("a => a.map(x => x.href)");
        Assert.Equal(status.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("url").GetString()), links);
        Assert.False(await page.Locator("#cancel").IsVisibleAsync());
        await session.ScreenshotAsync(fixture, "5-portraits");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Cancel_stops_a_running_job_and_the_page_says_so()
    {
        const int steps = 99; // never released: only cancelling ends this job
        await using var session = await PageSession.OpenAsync(fixture);
        var page = session.Page;
        await page.Locator("#photo-input").SetInputFilesAsync(Photo);
        await page.Locator("#photo-canvas[data-faces='1']").WaitForAsync();
        await FillAdvancedAsync(page, count: 1, steps, seed: "9090");
        await page.Locator("#generate").ClickAsync();
        await page.Locator(".stage.active[data-stage='generateImages']").WaitForAsync();

        await page.Locator("#cancel").ClickAsync();

        await page.Locator("#job-state", new PageLocatorOptions { HasTextString = "Cancelled." }).WaitForAsync();
        var jobId = await page.Locator("#job-id").InnerTextAsync();
        using var http = new HttpClient();
        var status = await http.GetFromJsonAsync<JsonElement>(new Uri(fixture.Server.Endpoint, $"api/portraits/{jobId}"));
        Assert.Equal(("terminated", true), (status.GetProperty("status").GetString(), status.GetProperty("cancelled").GetBoolean()));
        Assert.True(await page.Locator("#results-step").IsHiddenAsync());
        Assert.True(await page.Locator("#generate").IsEnabledAsync());
        await session.ScreenshotAsync(fixture, "6-cancelled");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task The_apis_validation_errors_are_shown_next_to_the_fields_they_name()
    {
        await using var session = await PageSession.OpenAsync(fixture);
        var page = session.Page;
        await FillAdvancedAsync(page, count: 1, steps: 500, seed: "1");

        await page.Locator("#generate").ClickAsync();

        // No photo and too many steps: the API's two errors, each beside its own control.
        await page.Locator(".field-error[data-for='steps'][data-code='outOfRange']").WaitForAsync();
        Assert.Equal("required", await page.Locator(".field-error[data-for='characterPhoto']").GetAttributeAsync("data-code"));
        Assert.Contains("steps must be between 1 and", await page.Locator(".field-error[data-for='steps']").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#job").IsHiddenAsync());
        await session.ScreenshotAsync(fixture, "7-field-errors");
        Assert.Empty(session.ErrorsBesidesHttpStatus());
    }

    private static async Task FillAdvancedAsync(IPage page, int count, int steps, string seed)
    {
        await page.Locator("#advanced > summary").ClickAsync();
        await page.Locator("#count").FillAsync(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#size").FillAsync("64");
        await page.Locator("#steps").FillAsync(steps.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#seed").FillAsync(seed);
    }
}
