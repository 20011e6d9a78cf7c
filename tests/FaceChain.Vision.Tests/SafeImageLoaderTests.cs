using System.Buffers.Binary;
using FaceChain.Testing;
using FaceChain.Vision;

namespace FaceChain.Vision.Tests;

public sealed class SafeImageLoaderTests
{
    private readonly SafeImageLoader _loader = new();

    [Fact]
    public void NonImageBytesAreRefused() =>
        Assert.Equal(InvalidImageReason.NotAnImage,
            Assert.Throws<InvalidImageException>(() => _loader.Load("hello, not an image"u8.ToArray())).Reason);

    [Fact]
    public void EmptyBytesAreRefused() =>
        Assert.Equal(InvalidImageReason.Empty, Assert.Throws<InvalidImageException>(() => _loader.Load([])).Reason);

    [Fact]
    public void TruncatedJpegIsRefused()
    {
        var bytes = File.ReadAllBytes(SharedAssets.SinglePortraits[0]);
        var error = Assert.Throws<InvalidImageException>(() => _loader.Load(bytes[..600]));
        Assert.Contains(error.Reason, new[] { InvalidImageReason.Corrupt, InvalidImageReason.NotAnImage });
    }

    [Theory]
    [InlineData(50_000, 50_000, InvalidImageReason.TooManyPixels)]
    [InlineData(0, 10, InvalidImageReason.ZeroSize)]
    public void PngHeaderDimensionsAreCheckedBeforeDecoding(int width, int height, InvalidImageReason expected)
    {
        long before = GC.GetTotalAllocatedBytes(true);
        var error = Assert.Throws<InvalidImageException>(() => _loader.Load(PngHeader(width, height)));
        long allocated = GC.GetTotalAllocatedBytes(true) - before;
        Assert.True(error.Reason == expected || (expected == InvalidImageReason.ZeroSize && error.Reason == InvalidImageReason.Corrupt), error.Reason.ToString());
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void RealPngPatchedToClaimHugeDimensionsIsRefusedBeforeDecoding()
    {
        using var stream = new MemoryStream();
        using (var pixel = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(1, 1))
        {
            SixLabors.ImageSharp.ImageExtensions.SaveAsPng(pixel, stream);
        }

        // IHDR is the first chunk: length(4) "IHDR"(4) width(4) height(4) ... CRC over type+data.
        var png = stream.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 50_000);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 50_000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png[12..29]));

        long before = GC.GetTotalAllocatedBytes(true);
        var error = Assert.Throws<InvalidImageException>(() => _loader.Load(png));
        long allocated = GC.GetTotalAllocatedBytes(true) - before;
        Assert.Equal(InvalidImageReason.TooManyPixels, error.Reason);
        Assert.Contains("50000x50000", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 16L * 1024 * 1024, $"allocated {allocated} bytes");
    }

    private static byte[] PngHeader(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        var chunk = new List<byte>();
        chunk.AddRange("IHDR"u8.ToArray());
        chunk.AddRange(ihdr);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(chunk.ToArray()));
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, 13);
        return [.. new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, .. length, .. chunk, .. crc];
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
