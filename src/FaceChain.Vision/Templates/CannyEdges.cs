using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Templates;

/// <summary>
/// Canny edges with OpenCV's <c>cv2.Canny(image, low, high)</c> semantics, which is what FACT feeds its Canny ControlNet
/// (thresholds 100 and 200 on the RGB crop): 3×3 Sobel gradients with replicated borders, L1 magnitude |dx| + |dy|, on a
/// colour image the channel with the largest magnitude per pixel (first channel on ties), non-maximum suppression in four
/// directions with OpenCV's fixed-point tan(22.5°) test and its asymmetric ties (strictly greater on one side), then
/// hysteresis: a pixel above <c>high</c> is an edge, and so is any pixel above <c>low</c> 8-connected to an edge.
/// Integer arithmetic throughout, so the result is exact, not approximately OpenCV's.
/// </summary>
public static class CannyEdges
{
    public const int FactLowThreshold = 100;
    public const int FactHighThreshold = 200;

    // tan(22.5°) in Q15, as OpenCV's canny.cpp.
    private const int Tan22Q15 = 13573;
    private const int Shift = 15;

    private const byte Candidate = 0;
    private const byte NotEdge = 1;
    private const byte Edge = 2;

    /// <summary>The edge map of <paramref name="image"/>, row-major, 255 on an edge and 0 elsewhere.</summary>
    public static byte[] Detect(Image<Rgb24> image, int low = FactLowThreshold, int high = FactHighThreshold)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (low > high)
        {
            (low, high) = (high, low);
        }

        int width = image.Width, height = image.Height;
        var pixels = new Rgb24[width * height];
        image.CopyPixelDataTo(pixels);
        var (dx, dy, magnitude) = Gradients(pixels, width, height);
        var map = Suppress(dx, dy, magnitude, width, height, low, high, out var edges);
        Hysteresis(map, edges, width, height);

        var result = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (map[((y + 1) * (width + 2)) + x + 1] == Edge)
                {
                    result[(y * width) + x] = 255;
                }
            }
        }

        return result;
    }

    /// <summary>An edge map as the 3-channel white-on-black picture a Canny ControlNet reads.</summary>
    public static Image<Rgb24> ToImage(ReadOnlySpan<byte> edges, int width, int height)
    {
        if (edges.Length != width * height)
        {
            throw new ArgumentException($"the edge map has {edges.Length} values, not {width}x{height}", nameof(edges));
        }

        var pixels = new Rgb24[edges.Length];
        for (var i = 0; i < edges.Length; i++)
        {
            pixels[i] = new Rgb24(edges[i], edges[i], edges[i]);
        }

        return Image.LoadPixelData<Rgb24>(pixels, width, height);
    }

    private static (int[] Dx, int[] Dy, int[] Magnitude) Gradients(Rgb24[] pixels, int width, int height)
    {
        var dx = new int[width * height];
        var dy = new int[width * height];
        var magnitude = new int[width * height];
        for (var y = 0; y < height; y++)
        {
            int up = Math.Max(y - 1, 0), down = Math.Min(y + 1, height - 1);
            for (var x = 0; x < width; x++)
            {
                int left = Math.Max(x - 1, 0), right = Math.Min(x + 1, width - 1);
                int bestDx = 0, bestDy = 0, best = -1;
                for (var channel = 0; channel < 3; channel++)
                {
                    int Value(int px, int py) => Channel(pixels[(py * width) + px], channel);
                    var gx = Value(right, up) - Value(left, up) + (2 * (Value(right, y) - Value(left, y))) + Value(right, down) - Value(left, down);
                    var gy = Value(left, down) - Value(left, up) + (2 * (Value(x, down) - Value(x, up))) + Value(right, down) - Value(right, up);
                    var m = Math.Abs(gx) + Math.Abs(gy);
                    if (m > best)
                    {
                        (best, bestDx, bestDy) = (m, gx, gy);
                    }
                }

                var i = (y * width) + x;
                (dx[i], dy[i], magnitude[i]) = (bestDx, bestDy, best);
            }
        }

        return (dx, dy, magnitude);
    }

    private static int Channel(Rgb24 pixel, int channel) => channel switch
    {
        0 => pixel.R,
        1 => pixel.G,
        _ => pixel.B,
    };

    /// <summary>
    /// Non-maximum suppression into a map with a one-pixel border (not an edge) around the image; returns the strong
    /// edges found, whose neighbourhoods hysteresis grows.
    /// </summary>
    private static byte[] Suppress(int[] dx, int[] dy, int[] magnitude, int width, int height, int low, int high, out Stack<int> edges)
    {
        var stride = width + 2;
        var map = new byte[stride * (height + 2)];
        Array.Fill(map, NotEdge);
        edges = new Stack<int>();

        // Magnitude outside the image counts as 0, as OpenCV's zero-padded magnitude rows.
        int At(int x, int y) => x < 0 || y < 0 || x >= width || y >= height ? 0 : magnitude[(y * width) + x];

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                var m = magnitude[i];
                if (m <= low)
                {
                    continue;
                }

                int xs = dx[i], ys = dy[i];
                long ax = Math.Abs(xs);
                long ay = (long)Math.Abs(ys) << Shift;
                var tg22 = ax * Tan22Q15;
                bool isMaximum;
                if (ay < tg22)
                {
                    isMaximum = m > At(x - 1, y) && m >= At(x + 1, y);
                }
                else
                {
                    var tg67 = tg22 + (ax << (Shift + 1));
                    if (ay > tg67)
                    {
                        isMaximum = m > At(x, y - 1) && m >= At(x, y + 1);
                    }
                    else
                    {
                        var s = (xs ^ ys) < 0 ? -1 : 1;
                        isMaximum = m > At(x - s, y - 1) && m > At(x + s, y + 1);
                    }
                }

                if (!isMaximum)
                {
                    continue;
                }

                var cell = ((y + 1) * stride) + x + 1;
                if (m > high)
                {
                    map[cell] = Edge;
                    edges.Push(cell);
                }
                else
                {
                    map[cell] = Candidate;
                }
            }
        }

        return map;
    }

    private static void Hysteresis(byte[] map, Stack<int> edges, int width, int height)
    {
        var stride = width + 2;
        ReadOnlySpan<int> offsets = [-stride - 1, -stride, -stride + 1, -1, 1, stride - 1, stride, stride + 1];
        while (edges.Count > 0)
        {
            var cell = edges.Pop();
            foreach (var offset in offsets)
            {
                var next = cell + offset;
                if (map[next] == Candidate)
                {
                    map[next] = Edge;
                    edges.Push(next);
                }
            }
        }
    }
}
