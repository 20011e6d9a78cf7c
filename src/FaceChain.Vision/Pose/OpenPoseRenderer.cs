using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Pose;

/// <summary>
/// Draws a skeleton the way controlnet_aux 0.0.6 <c>draw_bodypose</c> does, which is what the OpenPose ControlNet
/// learnt to read: a black canvas, each of the 17 limbs as a filled ellipse (half-length = half the limb, half-width 4,
/// polygon with 1° steps as OpenCV's <c>ellipse2Poly</c>) at 0.6× its colour, then each joint as a filled circle of
/// radius 4 in its full colour. Limb i takes colour i and joint k colour k of the standard 18-colour table.
/// </summary>
public static class OpenPoseRenderer
{
    public const int StickHalfWidth = 4;
    public const int JointRadius = 4;

    /// <summary>Limbs as 0-based OpenPose point pairs, in drawing order.</summary>
    public static readonly (int From, int To)[] Limbs =
    [
        (1, 2), (1, 5), (2, 3), (3, 4), (5, 6), (6, 7), (1, 8), (8, 9), (9, 10),
        (1, 11), (11, 12), (12, 13), (1, 0), (0, 14), (14, 16), (0, 15), (15, 17),
    ];

    public static readonly Rgb24[] Colors =
    [
        new(255, 0, 0), new(255, 85, 0), new(255, 170, 0), new(255, 255, 0), new(170, 255, 0), new(85, 255, 0),
        new(0, 255, 0), new(0, 255, 85), new(0, 255, 170), new(0, 255, 255), new(0, 170, 255), new(0, 85, 255),
        new(0, 0, 255), new(85, 0, 255), new(170, 0, 255), new(255, 0, 255), new(255, 0, 170), new(255, 0, 85),
    ];

    public static Image<Rgb24> Render(OpenPoseSkeleton skeleton, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        var canvas = new Image<Rgb24>(width, height, new Rgb24(0, 0, 0));
        Draw(canvas, skeleton);
        return canvas;
    }

    public static void Draw(Image<Rgb24> canvas, OpenPoseSkeleton skeleton)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(skeleton);
        for (int i = 0; i < Limbs.Length; i++)
        {
            if (skeleton.Points[Limbs[i].From] is { } a && skeleton.Points[Limbs[i].To] is { } b)
            {
                var color = Colors[i];
                var dim = new Rgb24((byte)(int)(color.R * 0.6), (byte)(int)(color.G * 0.6), (byte)(int)(color.B * 0.6));
                FillConvex(canvas, LimbPolygon(a, b), dim);
            }
        }

        for (int k = 0; k < skeleton.Points.Count; k++)
        {
            if (skeleton.Points[k] is { } point)
            {
                FillCircle(canvas, (int)point.X, (int)point.Y, JointRadius, Colors[k]);
            }
        }
    }

    /// <summary>OpenCV's integer <c>ellipse2Poly</c> over 0–360° in 1° steps, as draw_bodypose calls it.</summary>
    internal static List<(int X, int Y)> LimbPolygon(PoseKeypoint a, PoseKeypoint b)
    {
        double dx = a.X - b.X, dy = a.Y - b.Y;
        int centerX = (int)((a.X + b.X) / 2), centerY = (int)((a.Y + b.Y) / 2);
        int halfLength = (int)(Math.Sqrt((dx * dx) + (dy * dy)) / 2);
        // draw_bodypose names x "Y" and y "X", so its atan2(X0 − X1, Y0 − Y1) is the limb's angle in image axes.
        int angle = (int)(Math.Atan2(dy, dx) * 180 / Math.PI);
        while (angle < 0)
        {
            angle += 360;
        }

        double alpha = Math.Cos(angle * Math.PI / 180), beta = Math.Sin(angle * Math.PI / 180);
        var points = new List<(int, int)>(362);
        (int, int)? previous = null;
        for (int degree = 0; degree <= 360; degree++)
        {
            double x = Math.Cos(degree * Math.PI / 180) * halfLength, y = Math.Sin(degree * Math.PI / 180) * StickHalfWidth;
            var point = ((int)Math.Round(centerX + (x * alpha) - (y * beta)), (int)Math.Round(centerY + (x * beta) + (y * alpha)));
            if (point != previous)
            {
                points.Add(point);
                previous = point;
            }
        }

        return points;
    }

    /// <summary>
    /// Scanline fill between the leftmost and rightmost edge crossing of each row, as OpenCV fills a convex polygon
    /// (the rounded ellipse points can make tiny concave notches that a strict inside test would punch out).
    /// </summary>
    private static void FillConvex(Image<Rgb24> canvas, List<(int X, int Y)> polygon, Rgb24 color)
    {
        int minY = Math.Max(0, polygon.Min(p => p.Y)), maxY = Math.Min(canvas.Height - 1, polygon.Max(p => p.Y));
        for (int y = minY; y <= maxY; y++)
        {
            double left = double.PositiveInfinity, right = double.NegativeInfinity;
            for (int i = 0; i < polygon.Count; i++)
            {
                var (x0, y0) = polygon[i];
                var (x1, y1) = polygon[(i + 1) % polygon.Count];
                if (y < Math.Min(y0, y1) || y > Math.Max(y0, y1))
                {
                    continue;
                }

                if (y0 == y1)
                {
                    left = Math.Min(left, Math.Min(x0, x1));
                    right = Math.Max(right, Math.Max(x0, x1));
                    continue;
                }

                double x = x0 + ((double)(y - y0) * (x1 - x0) / (y1 - y0));
                left = Math.Min(left, x);
                right = Math.Max(right, x);
            }

            for (int x = Math.Max(0, (int)Math.Ceiling(left - 1e-9)); x <= Math.Min(canvas.Width - 1, (int)Math.Floor(right + 1e-9)); x++)
            {
                canvas[x, y] = color;
            }
        }
    }

    private static void FillCircle(Image<Rgb24> canvas, int centerX, int centerY, int radius, Rgb24 color)
    {
        for (int y = Math.Max(0, centerY - radius); y <= Math.Min(canvas.Height - 1, centerY + radius); y++)
        {
            for (int x = Math.Max(0, centerX - radius); x <= Math.Min(canvas.Width - 1, centerX + radius); x++)
            {
                int dx = x - centerX, dy = y - centerY;
                if ((dx * dx) + (dy * dy) <= radius * radius)
                {
                    canvas[x, y] = color;
                }
            }
        }
    }
}
