using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;

namespace FaceChain.Pipeline.Tests;

/// <summary>The catalog jobs use: built-in styles plus valid blob styles; built-in ids are reserved; broken style.json files are left out.</summary>
public sealed class StyleLibraryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "facechain-styles-" + Guid.NewGuid().ToString("N"));
    private readonly LocalFolderBlobStore _store;
    private readonly StyleLibrary _library;

    public StyleLibraryTests()
    {
        _store = new LocalFolderBlobStore(_root);
        _library = new StyleLibrary(StyleCatalog.BuiltIn, _store);
    }

    [Fact]
    public async Task Without_blob_styles_the_catalog_is_the_built_in_one()
    {
        Assert.Equal(StyleCatalog.BuiltIn.Ids, (await _library.LoadCatalogAsync()).Ids);
    }

    [Fact]
    public async Task Valid_blob_styles_follow_the_built_in_ones_and_broken_or_clashing_ones_are_left_out()
    {
        await UploadAsync("zeta", new PortraitStyle("zeta", "Zeta", "zeta photo of {subject}"));
        await UploadAsync("alpha", new PortraitStyle("alpha", "Alpha", "alpha photo of {subject}") { Description = "first" });
        await UploadAsync("anime", new PortraitStyle("anime", "Fake anime", "fake of {subject}"));
        await UploadAsync("broken", new PortraitStyle("broken", "Broken", "no placeholder"));
        await _store.UploadAsync(BlobLayout.StyleFile("alpha", "notes/style.json"), "{}"u8.ToArray(), BlobLayout.JsonContentType, overwrite: true);

        var catalog = await _library.LoadCatalogAsync();

        Assert.Equal([.. StyleCatalog.BuiltIn.Ids, "alpha", "zeta"], catalog.Ids);
        Assert.Equal("first", catalog.Get("alpha").Description);
        Assert.Equal(StyleCatalog.BuiltIn.Get("anime"), catalog.Get("anime"));
    }

    [Fact]
    public async Task Get_finds_built_in_and_blob_styles_and_explains_unknown_and_broken_ones()
    {
        await UploadAsync("mine", new PortraitStyle("mine", "Mine", "my photo of {subject}"));
        await UploadAsync("broken", new PortraitStyle("broken", "Broken", "no placeholder"));

        Assert.Same(StyleCatalog.BuiltIn.Get("anime"), await _library.GetAsync("anime"));
        Assert.Equal("Mine", (await _library.GetAsync("mine")).DisplayName);
        var unknown = await Assert.ThrowsAsync<UnknownStyleException>(() => _library.GetAsync("nope"));
        Assert.Contains("mine", unknown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("broken", unknown.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<UnknownStyleException>(() => _library.GetAsync("../inputs"));
        var broken = await Assert.ThrowsAsync<InvalidStyleException>(() => _library.GetAsync("broken"));
        Assert.Equal(["prompt must contain {subject} (where the person goes)"], broken.Problems);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private Task UploadAsync(string folder, PortraitStyle style) => _store.UploadJsonAsync(BlobLayout.StyleDocument(folder), style);
}
