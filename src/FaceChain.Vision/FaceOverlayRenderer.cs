using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision;

/// <summary>
/// Draws each face's box, its 5 landmarks and its index straight onto the pixels, sized relative to the
/// image so the marks stay visible on both thumbnails and 24-megapixel photos.
/// </summary>
public static class FaceOverlayRenderer
{
    public static readonly Rgb24 BoxColor = new(0, 255, 0);
    public static readonly Rgb24 LandmarkColor = new(255, 0, 64);
    public static readonly Rgb24 LabelColor = new(255, 255, 255);
    public static readonly Rgb24 LabelBackground = new(0, 0, 0);

    /// <summary>Line thickness in pixels for an image: about 1/400 of its shorter side, at least 2.</summary>
    public static int Thickness(int width, int height) => Math.Max(2, Math.Min(width, height) / 400);

    public static void Draw(Image<Rgb24> image, IEnumerable<DetectedFace> faces)
    {
        int thickness = Thickness(image.Width, image.Height);
        foreach (var face in faces)
        {
            DrawBox(image, face.Box, thickness);
            foreach (var point in face.Landmarks)
            {
                int radius = thickness + 1;
                FillRect(image, (int)MathF.Round(point.X) - radius, (int)MathF.Round(point.Y) - radius, (2 * radius) + 1, (2 * radius) + 1, LandmarkColor);
            }

            DrawLabel(image, face, thickness);
        }
    }

    private static void DrawBox(Image<Rgb24> image, FaceBox box, int thickness)
    {
        // The outer edge of the line lies on the box edge so the box never hides the face inside it.
        int x0 = (int)MathF.Round(box.X), y0 = (int)MathF.Round(box.Y);
        int x1 = (int)MathF.Round(box.Right), y1 = (int)MathF.Round(box.Bottom);
        int width = Math.Max(1, x1 - x0), height = Math.Max(1, y1 - y0);
        FillRect(image, x0, y0, width, thickness, BoxColor);
        FillRect(image, x0, y1 - thickness, width, thickness, BoxColor);
        FillRect(image, x0, y0, thickness, height, BoxColor);
        FillRect(image, x1 - thickness, y0, thickness, height, BoxColor);
    }

    private static void DrawLabel(Image<Rgb24> image, DetectedFace face, int thickness)
    {
        int scale = thickness * 2;
        int padding = scale;
        int labelWidth = (BitmapDigits.TextWidth(face.Index) * scale) + (2 * padding);
        int labelHeight = (BitmapDigits.GlyphHeight * scale) + (2 * padding);

        // Above the box when there is room, else just inside its top edge.
        int left = (int)MathF.Round(face.Box.X);
        int top = (int)MathF.Round(face.Box.Y) - labelHeight;
        if (top < 0)
        {
            top = (int)MathF.Round(face.Box.Y) + thickness;
        }

        FillRect(image, left, top, labelWidth, labelHeight, LabelBackground);
        int penX = left + padding;
        foreach (int digit in BitmapDigits.Digits(face.Index))
        {
            for (int gy = 0; gy < BitmapDigits.GlyphHeight; gy++)
            {
                for (int gx = 0; gx < BitmapDigits.GlyphWidth; gx++)
                {
                    if (BitmapDigits.IsInk(digit, gx, gy))
                    {
                        FillRect(image, penX + (gx * scale), top + padding + (gy * scale), scale, scale, LabelColor);
                    }
                }
            }

            penX += (BitmapDigits.GlyphWidth + 1) * scale;
        }
    }

    private static void FillRect(Image<Rgb24> image, int x, int y, int width, int height, Rgb24 color)
    {
        int x0 = Math.Max(0, x), y0 = Math.Max(0, y);
        int x1 = Math.Min(image.Width, x + width), y1 = Math.Min(image.Height, y + height);
        if (x0 >= x1 || y0 >= y1)
        {
            return;
        }

        image.ProcessPixelRows(accessor =>
        {
            for (int row = y0; row < y1; row++)
            {
                accessor.GetRowSpan(row)[x0..x1].Fill(color);
            }
        });
    }
}
