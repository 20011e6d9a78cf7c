using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Cli;

/// <summary>Copies a finished job's portraits and result.json from the outputs container into a local folder.</summary>
public static class PortraitOutputFiles
{
    private const long MaxImageBytes = 256L * 1024 * 1024;
    private const long MaxResultBytes = 16L * 1024 * 1024;

    /// <summary>The files written, portraits in index order then result.json; existing files of the same names are replaced.</summary>
    public static async Task<PortraitFiles> DownloadAsync(IBlobStore store, PortraitJobResult result, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder);
        var portraits = new List<string>(result.Outputs.Count);
        foreach (var output in result.Outputs.OrderBy(o => o.Index))
        {
            var bytes = await store.DownloadAsync(output.Blob, MaxImageBytes, cancellationToken);
            portraits.Add(await WriteAsync(folder, output.Blob.Name, bytes, cancellationToken));
        }

        var json = await store.DownloadAsync(result.ResultBlob, MaxResultBytes, cancellationToken);
        var resultPath = await WriteAsync(folder, result.ResultBlob.Name, json, cancellationToken);
        return new PortraitFiles(portraits, resultPath);
    }

    private static async Task<string> WriteAsync(string folder, string blobName, byte[] bytes, CancellationToken cancellationToken)
    {
        // Blob names are {jobId}/portrait-{k}.png and {jobId}/result.json: the last segment is the local name.
        var path = Path.Combine(folder, blobName[(blobName.LastIndexOf('/') + 1)..]);
        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
        return path;
    }
}
