using FaceChain.Functions.Api;
using FaceChain.Functions.Api.Web;

namespace FaceChain.Functions.Tests;

/// <summary>The anonymous web page function: the embedded page and assets with their types, a redirect to the folder, and nothing else.</summary>
public sealed class WebPageFunctionTests
{
    private readonly WebPageFunction _function = new(new WebPageApi());

    private Task<ApiResponseBytes> GetAsync(string path, string? file) => ApiResponseBytes.SendAsync(ApiCall.Request("GET", path), r => _function.ServeAsync(r, file));

    [Fact]
    public async Task The_folder_serves_the_page_and_its_assets_with_their_content_types()
    {
        var page = await GetAsync("/api/web/", null);
        var script = await GetAsync("/api/web/app.js", "app.js");
        var style = await GetAsync("/api/web/app.css", "app.css");

        Assert.Equal((200, "text/html; charset=utf-8"), (page.StatusCode, page.ContentType));
        Assert.Contains("<script src=\"app.js\" defer></script>", page.Text, StringComparison.Ordinal);
        Assert.Equal((200, "text/javascript; charset=utf-8"), (script.StatusCode, script.ContentType));
        Assert.Contains("fetch(\"/api/\" + path", script.Text, StringComparison.Ordinal);
        Assert.Equal((200, "text/css; charset=utf-8"), (style.StatusCode, style.ContentType));
        Assert.Equal("nosniff", page.Headers["X-Content-Type-Options"]);
    }

    [Fact]
    public async Task The_folder_without_its_slash_redirects_so_relative_links_resolve()
    {
        var response = await GetAsync("/api/web", null);

        Assert.Equal(301, response.StatusCode);
        Assert.Equal("/api/web/", response.Headers["Location"]);
    }

    [Theory]
    [InlineData("../appsettings.json")]
    [InlineData("..%2F..%2Fhost.json")]
    [InlineData("/etc/passwd")]
    [InlineData("missing.js")]
    [InlineData("FaceChain.Functions.Api.dll")]
    public async Task Anything_but_the_embedded_files_is_a_bare_404(string file)
    {
        var response = await GetAsync("/api/web/" + file, file);

        Assert.Equal(404, response.StatusCode);
        Assert.Empty(response.Body);
    }

    [Fact]
    public void The_page_is_exactly_three_embedded_files()
    {
        Assert.Equal(["app.css", "app.js", "index.html"], new WebPageApi().Files.Order(StringComparer.Ordinal));
    }
}
