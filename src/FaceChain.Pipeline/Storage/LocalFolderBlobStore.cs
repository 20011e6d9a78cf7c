using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Storage;

/// <summary>
/// Blobs as files: <c>{root}/{container}/{name}</c>. Writes go to a temporary file first and are moved into
/// place, so readers never see half a blob. Content types are not stored (files have no metadata).
/// </summary>
public sealed class LocalFolderBlobStore : IBlobStore
{
    private const string TemporaryMarker = ".uploading-";

    public LocalFolderBlobStore(string rootFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootFolder);
        RootFolder = Path.GetFullPath(rootFolder);
        Directory.CreateDirectory(RootFolder);
    }

    public string RootFolder { get; }

    public Task CreateContainerAsync(string container, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(ContainerFolder(container));
        return Task.CompletedTask;
    }

    public async Task UploadAsync(BlobReference blob, Stream content, string contentType, bool overwrite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(blob);
        if (!overwrite && File.Exists(path))
        {
            throw new BlobAlreadyExistsException(blob);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, TemporaryMarker + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
            }

            try
            {
                File.Move(temporary, path, overwrite);
            }
            catch (IOException e) when (!overwrite && File.Exists(path))
            {
                throw new BlobAlreadyExistsException(blob, e);
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async Task<byte[]> DownloadAsync(BlobReference blob, long maxBytes, CancellationToken cancellationToken = default)
    {
        await using var file = OpenForReading(blob, maxBytes);
        var bytes = new byte[file.Length];
        await file.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }

    public async Task DownloadToAsync(BlobReference blob, Stream destination, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await using var file = OpenForReading(blob, maxBytes);
        await file.CopyToAsync(destination, cancellationToken);
    }

    public async Task CopyAsync(BlobReference source, BlobReference destination, string contentType, CancellationToken cancellationToken = default)
    {
        // Through UploadAsync so the destination appears whole (temporary file, then a move), as every write here does.
        await using var file = OpenForReading(source, long.MaxValue);
        await UploadAsync(destination, file, contentType, overwrite: true, cancellationToken);
    }

    public Task<bool> ExistsAsync(BlobReference blob, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(PathOf(blob)));

    public Task<IReadOnlyList<string>> ListAsync(string container, string prefix, CancellationToken cancellationToken = default)
    {
        var folder = ContainerFolder(container);
        if (!Directory.Exists(folder))
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        var names = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith(TemporaryMarker, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(n => n.StartsWith(prefix ?? "", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        return Task.FromResult<IReadOnlyList<string>>(names);
    }

    private FileStream OpenForReading(BlobReference blob, long maxBytes)
    {
        var path = PathOf(blob);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(blob, e);
        }

        if (file.Length > maxBytes)
        {
            var size = file.Length;
            file.Dispose();
            throw new BlobTooLargeException(blob, size, maxBytes);
        }

        return file;
    }

    private string ContainerFolder(string container)
    {
        if (string.IsNullOrEmpty(container) || container.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            throw new ArgumentException($"invalid container name '{container}' (lower-case letters, digits and '-')", nameof(container));
        }

        return Path.Combine(RootFolder, container);
    }

    private string PathOf(BlobReference blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (BlobNameRules.Problem(blob.Name) is { } problem)
        {
            throw new ArgumentException($"invalid blob name '{blob.Name}': {problem}", nameof(blob));
        }

        if (blob.Name.Split('/').Any(s => s.StartsWith(TemporaryMarker, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"invalid blob name '{blob.Name}': segments may not start with '{TemporaryMarker}'", nameof(blob));
        }

        var folder = ContainerFolder(blob.Container);
        var path = Path.GetFullPath(Path.Combine(folder, blob.Name.Replace('/', Path.DirectorySeparatorChar)));
        if (!path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"blob name '{blob.Name}' leaves its container", nameof(blob));
        }

        return path;
    }
}
