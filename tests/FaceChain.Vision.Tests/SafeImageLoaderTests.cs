using System.Buffers.Binary;
using FaceChain.Testing;
using FaceChain.Vision;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

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

    /// <summary>
    /// Flipped bits inside the entropy-coded scan (not a truncation: the markers and EOI stay intact). Huffman data
    /// has no checksum, so a decoder either fails on an invalid code or decodes wrong pixels. The corruption is seeded
    /// and the decoder pinned, so each case has one right outcome: the 2-flip case decodes into an image of the header's
    /// size whose pixels differ from the clean decode; the heavier ones fail with a typed Corrupt error. Neither may
    /// crash or allocate beyond what the header's size needs.
    /// </summary>
    [Theory]
    [InlineData(0, 2, false)]
    [InlineData(1, 16, true)]
    [InlineData(2, 256, true)]
    public void BitCorruptedJpegScanDecodesIntoWrongPixelsOrIsRefusedAsCorrupt(int seed, int flips, bool refused)
    {
        var bytes = File.ReadAllBytes(SharedAssets.SinglePortraits[0]);
        var scan = ScanStart(bytes);
        var corrupt = (byte[])bytes.Clone();
        var random = new Random(seed);
        for (int done = 0; done < flips;)
        {
            // Leave 0xFF bytes and their stuffing/marker byte alone, and never make a new 0xFF: that would be a
            // structural change (a marker appearing or vanishing), not bit rot in the Huffman data.
            int at = random.Next(scan + 1, bytes.Length - 2);
            byte flipped = (byte)(corrupt[at] ^ (1 << random.Next(8)));
            if (corrupt[at] == 0xFF || corrupt[at - 1] == 0xFF || flipped == 0xFF)
            {
                continue;
            }

            corrupt[at] = flipped;
            done++;
        }

        using var clean = _loader.Load(bytes);
        long before = GC.GetTotalAllocatedBytes(true);
        if (refused)
        {
            var error = Assert.Throws<InvalidImageException>(() => _loader.Load(corrupt));
            Assert.Equal(InvalidImageReason.Corrupt, error.Reason);
        }
        else
        {
            using var image = _loader.Load(corrupt);
            Assert.Equal((clean.Width, clean.Height), (image.Width, image.Height));
            Assert.True(DifferingPixels(clean, image) > 0, "the flipped bits must change the decoded pixels");
        }

        long allocated = GC.GetTotalAllocatedBytes(true) - before;
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated} bytes");
    }

    private static int DifferingPixels(Image<Rgb24> a, Image<Rgb24> b)
    {
        var differing = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                if (!a[x, y].Equals(b[x, y]))
                {
                    differing++;
                }
            }
        }

        return differing;
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    public void TruncatedPngIsRefusedAsCorrupt(double kept)
    {
        var bytes = File.ReadAllBytes(SharedAssets.Image("single/skimage_astronaut_eileen_collins_PD.png"));
        using (var whole = _loader.Load(bytes))
        {
            Assert.Equal(512, whole.Width);
        }

        var error = Assert.Throws<InvalidImageException>(() => _loader.Load(bytes[..(int)(bytes.Length * kept)]));
        Assert.Equal(InvalidImageReason.Corrupt, error.Reason);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
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

    /// <summary>The first byte after the SOS segment header, where the entropy-coded data begins.</summary>
    private static int ScanStart(byte[] jpeg)
    {
        for (int i = 2; i < jpeg.Length - 3;)
        {
            int length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xDA)
            {
                return i + 2 + length;
            }

            i += 2 + length;
        }

        throw new InvalidOperationException("no SOS marker");
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
