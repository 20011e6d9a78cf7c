using System.Text.Json;
using FaceChain.Testing;

namespace FaceChain.Functions.Tests;

/// <summary>Small, fast job requests as clients send them (JSON), each with its own seed so tests never share a job id.</summary>
public static class TestRequests
{
    public static byte[] Photo(int index = 0) => File.ReadAllBytes(SharedAssets.SinglePortraits[index]);

    /// <summary>A 64×48, 4-step style job with the photo inline (base64).</summary>
    public static string InlineJob(byte[] photo, ulong seed, int count = 1) => Job(new { data = Convert.ToBase64String(photo) }, seed, count);

    /// <summary>The same job as <see cref="InlineJob"/>, with the photo as a blob (container omitted: relative to a manifest).</summary>
    public static string ManifestJob(string photoName, ulong seed, int count = 1) => Job(new { blob = new { name = photoName } }, seed, count);

    /// <summary>The same job as <see cref="InlineJob"/>, with the photo as a blob the client uploaded to inputs/ first.</summary>
    public static string BlobJob(string photoName, ulong seed, int count = 1) =>
        Job(new { blob = new { container = "inputs", name = photoName } }, seed, count);

    // characterPhoto is typed object so each form serialises as its own shape.
    private static string Job(object characterPhoto, ulong seed, int count) => JsonSerializer.Serialize(new
    {
        mode = "style",
        styleId = "studio-portrait",
        count,
        width = 64,
        height = 48,
        steps = 4,
        seed,
        characterPhoto,
    });
}
