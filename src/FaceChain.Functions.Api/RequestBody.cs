namespace FaceChain.Functions.Api;

/// <summary>Reads request bodies under a size cap, so an endless or oversized upload is refused without being buffered whole.</summary>
public static class RequestBody
{
    /// <summary>The whole stream, or null as soon as it exceeds <paramref name="max"/> bytes.</summary>
    public static async Task<byte[]?> ReadCappedAsync(Stream body, long max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
