using FaceChain.Pipeline.Storage;

namespace FaceChain.EndToEnd.Tests;

/// <summary>Blob listings as tests compare them.</summary>
public static class Blobs
{
    /// <summary>The names under outputs/{jobId}/, without the prefix, in ordinal order.</summary>
    public static async Task<IReadOnlyList<string>> OutputsOf(IBlobStore store, string jobId) =>
        (await store.ListAsync(BlobLayout.Outputs, BlobLayout.JobPrefix(jobId))).Select(n => n[(jobId.Length + 1)..]).ToList();
}
