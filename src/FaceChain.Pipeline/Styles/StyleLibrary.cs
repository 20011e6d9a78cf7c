using FaceChain.Pipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaceChain.Pipeline.Styles;

/// <summary>
/// The styles jobs may name: the built-in catalog plus the blob styles under <c>styles/{styleId}/style.json</c>. Built-in
/// ids are reserved: a blob style reusing one is rejected (so a storage account can never silently change what a built-in
/// style means), as is a style.json that breaks <see cref="StyleRules"/>; rejected styles are left out and logged with the
/// reason, and jobs naming them fail with that reason. Read from storage on every call (style.json files are small and
/// few), so a style uploaded a moment ago is usable at once.
/// </summary>
public sealed class StyleLibrary(StyleCatalog builtIn, IBlobStore store, ILogger<StyleLibrary>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<StyleLibrary>.Instance;

    public StyleCatalog BuiltIn { get; } = builtIn ?? throw new ArgumentNullException(nameof(builtIn));

    /// <summary>Built-in styles first, then the valid blob styles in id order.</summary>
    public async Task<StyleCatalog> LoadCatalogAsync(CancellationToken cancellationToken = default)
    {
        var styles = new List<PortraitStyle>(BuiltIn.All);
        foreach (var styleId in await ListBlobStyleIdsAsync(cancellationToken))
        {
            try
            {
                styles.Add(await ReadBlobStyleAsync(styleId, cancellationToken));
            }
            catch (InvalidStyleException e)
            {
                _logger.LogWarning("Blob style {StyleId} is left out of the catalog: {Reason}", styleId, e.Message);
            }
        }

        return new StyleCatalog(styles);
    }

    /// <summary>
    /// The style with <paramref name="styleId"/>: built-in, else its style.json. <see cref="UnknownStyleException"/> when
    /// neither exists, <see cref="InvalidStyleException"/> when its style.json is unusable.
    /// </summary>
    public async Task<PortraitStyle> GetAsync(string styleId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(styleId);
        if (BuiltIn.TryFind(styleId) is { } builtInStyle)
        {
            return builtInStyle;
        }

        if (StyleRules.IdProblem(styleId) is null)
        {
            try
            {
                return await ReadBlobStyleAsync(styleId, cancellationToken);
            }
            catch (BlobNotFoundException)
            {
                // Unknown: reported below with the ids that do exist.
            }
        }

        throw new UnknownStyleException(styleId, (await LoadCatalogAsync(cancellationToken)).Ids);
    }

    private async Task<IReadOnlyList<string>> ListBlobStyleIdsAsync(CancellationToken cancellationToken)
    {
        var names = await store.ListAsync(BlobLayout.Styles, string.Empty, cancellationToken);
        return [.. names
            .Select(name => name.Split('/'))
            .Where(parts => parts.Length == 2 && parts[1] == StyleDocument.FileName)
            .Select(parts => parts[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    private async Task<PortraitStyle> ReadBlobStyleAsync(string styleId, CancellationToken cancellationToken)
    {
        var blob = BlobLayout.StyleDocument(styleId);
        if (StyleRules.IdProblem(styleId) is { } idProblem)
        {
            throw new InvalidStyleException(blob.ToString(), [$"the folder name is not a style id: {idProblem}"]);
        }

        if (BuiltIn.Contains(styleId))
        {
            throw new InvalidStyleException(blob.ToString(), [$"'{styleId}' is a built-in style id; built-in ids cannot be redefined in storage"]);
        }

        byte[] json;
        try
        {
            json = await store.DownloadAsync(blob, StyleDocument.MaxBytes, cancellationToken);
        }
        catch (BlobTooLargeException e)
        {
            throw new InvalidStyleException(blob.ToString(), [$"it is {e.Size} bytes; the limit is {StyleDocument.MaxBytes}"]);
        }

        return StyleDocument.Parse(json, styleId);
    }
}
