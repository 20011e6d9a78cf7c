using FaceChain.Vision.Files;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Vision;

/// <summary>
/// Loads photos defensively: the header is inspected before any pixel is decoded so a
/// file claiming huge dimensions is refused without allocating its pixel buffer.
/// </summary>
public sealed class SafeImageLoader(ImageLoadOptions? options = null)
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly byte[] PngEndChunk = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    public ImageLoadOptions Options { get; } = options ?? new ImageLoadOptions();

    /// <summary>Reads the image from a regular file (never a pipe or device), at most <see cref="ImageLoadOptions.MaxBytes"/> bytes of it.</summary>
    /// <exception cref="UnreadableFileException">The path is missing, a folder, a pipe or device, or a broken link.</exception>
    public Image<Rgb24> Load(string path)
    {
        var bytes = RegularFile.ReadAtMost(path, Options.MaxBytes)
            ?? throw new InvalidImageException(InvalidImageReason.TooManyBytes, $"Image file {path} is larger than the limit of {Options.MaxBytes} bytes.");
        return Load(bytes);
    }

    public Image<Rgb24> Load(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            throw new InvalidImageException(InvalidImageReason.Empty, "Image data is empty.");
        }

        if (bytes.Length > Options.MaxBytes)
        {
            throw new InvalidImageException(InvalidImageReason.TooManyBytes,
                $"Image is {bytes.Length} bytes; the limit is {Options.MaxBytes}.");
        }

        IImageInfo? header;
        try
        {
            header = Image.Identify(bytes);
        }
        catch (Exception e) when (e is ImageFormatException or InvalidDataException or ArgumentException)
        {
            throw new InvalidImageException(InvalidImageReason.Corrupt, $"Image header is corrupt: {e.Message}", e);
        }

        if (header is null)
        {
            throw new InvalidImageException(InvalidImageReason.NotAnImage, "Data is not a supported image format.");
        }

        if (header.Width <= 0 || header.Height <= 0)
        {
            throw new InvalidImageException(InvalidImageReason.ZeroSize, "Image has zero width or height.");
        }

        long pixels = (long)header.Width * header.Height;
        if (pixels > Options.MaxPixels)
        {
            throw new InvalidImageException(InvalidImageReason.TooManyPixels,
                $"Image is {header.Width}x{header.Height} ({pixels} pixels); the limit is {Options.MaxPixels}.");
        }

        // ImageSharp 2.x silently fills a truncated JPEG scan with grey; a JPEG must end with EOI.
        if (IsJpeg(bytes) && !EndsWithJpegEndOfImage(bytes))
        {
            throw new InvalidImageException(InvalidImageReason.Corrupt, "JPEG data is truncated (no end-of-image marker).");
        }

        // ImageSharp 2.x also decodes a PNG cut short inside its image data without complaint; a PNG must end with IEND.
        if (IsPng(bytes) && !EndsWithPngEndChunk(bytes))
        {
            throw new InvalidImageException(InvalidImageReason.Corrupt, "PNG data is truncated (no IEND chunk).");
        }

        try
        {
            var image = Image.Load<Rgb24>(bytes);
            image.Mutate(x => x.AutoOrient());
            return image;
        }
        catch (Exception e) when (e is ImageFormatException or InvalidDataException or ArgumentException)
        {
            throw new InvalidImageException(InvalidImageReason.Corrupt, $"Image data is corrupt or truncated: {e.Message}", e);
        }
    }

    private static bool IsJpeg(byte[] bytes) => bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;

    private static bool IsPng(byte[] bytes) => bytes.AsSpan().StartsWith(PngSignature);

    private static bool EndsWithPngEndChunk(byte[] bytes)
    {
        // IEND is a zero-length chunk (length, type, CRC); like EOI above, allow a little trailing padding.
        int start = Math.Max(PngSignature.Length, bytes.Length - 512);
        return bytes.AsSpan(start).LastIndexOf(PngEndChunk) >= 0;
    }

    private static bool EndsWithJpegEndOfImage(byte[] bytes)
    {
        // Some writers pad after EOI; look for the marker in the last few hundred bytes.
        int start = Math.Max(2, bytes.Length - 512);
        for (int i = bytes.Length - 2; i >= start; i--)
        {
            if (bytes[i] == 0xFF && bytes[i + 1] == 0xD9)
            {
                return true;
            }
        }

        return false;
    }
}
