namespace FaceChain.Functions.Uploads;

/// <summary>
/// Top-level folders of inputs/ whose blobs are only ever referenced by requests (a web app uploads a photo there, then
/// names it in POST /api/portraits) and so never start a job on upload, whatever they contain. Everything else under
/// inputs/ follows <see cref="UploadJobStarter"/>'s rules. Add a folder here when a new kind of referenced upload
/// gets its own prefix.
/// </summary>
public static class ReferenceOnlyFolders
{
    /// <summary>Photos for the HTTP API: <c>inputs/api/…</c>.</summary>
    public const string Api = "api";

    /// <summary>Custom LoRAs stored by POST /api/loras: <c>inputs/loras/…</c> (<see cref="Pipeline.Storage.BlobLayout.UploadedLoraPrefix"/>).</summary>
    public static string Loras { get; } = Pipeline.Storage.BlobLayout.UploadedLoraPrefix.TrimEnd('/');

    public static IReadOnlyList<string> All { get; } = [Api, Loras];

    /// <summary>True when <paramref name="name"/> (a blob name in inputs/) lies under one of <see cref="All"/>.</summary>
    public static bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && All.Contains(name[..slash], StringComparer.Ordinal);
    }
}
