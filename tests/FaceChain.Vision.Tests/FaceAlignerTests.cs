using FaceChain.Testing;
using FaceChain.Vision;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Tests;

public sealed class FaceAlignerTests(VisionFixture fixture) : IClassFixture<VisionFixture>
{
    public static TheoryData<string, int> RealFaces()
    {
        var data = new TheoryData<string, int>();
        foreach (var path in SharedAssets.SinglePortraits)
        {
            foreach (var size in new[] { 112, 256, 512 })
            {
                data.Add(Path.GetFileName(path), size);
            }
        }

        return data;
    }

    /// <summary>
    /// A real face's landmarks go through the fitted transform onto the ArcFace template as far as a similarity can
    /// take them: a real face is not a scaled copy of the frontal template, so the 5-point fit leaves a residual (on the
    /// shared portraits 2–8 px at 112, largest at the nose of a turned head; a ~1.5 px bound holds only for the
    /// synthetic warp below). What must hold exactly: the landmarks'
    /// centroid lands on the template's, and no other similarity fits better (least squares). The crop's pixels
    /// must be bilinear samples of the photo at the inverse-mapped positions (checked against an independent
    /// bilinear sampler), so the pixel nearest each template point shows the photo next to the detected landmark.
    /// </summary>
    [Theory]
    [MemberData(nameof(RealFaces))]
    public void RealFaceLandsOnTheTemplateAndCropPixelsAreBilinearSamples(string file, int size)
    {
        using var photo = new SafeImageLoader().Load(SharedAssets.Image("single/" + file));
        var face = Assert.Single(fixture.Analyzer.Analyze(photo)).Face;
        using var aligned = FaceAligner.Align(photo, face.Landmarks, size);
        Assert.Equal((size, size), (aligned.Crop.Width, aligned.Crop.Height));

        var template = FaceAligner.Template(size);
        var scale = size / 112f;
        var transform = aligned.ImageToCrop;
        var mappedCentroid = Centroid(face.Landmarks.Select(transform.Apply).ToArray());
        var templateCentroid = Centroid(template);
        Assert.True(Distance(mappedCentroid, templateCentroid) < 0.01 * scale, $"centroid {mappedCentroid} vs {templateCentroid}");

        var fitted = SquaredResidual(transform, face.Landmarks, template);
        foreach (var nudged in Nudges(transform, Centroid(face.Landmarks), 1e-3))
        {
            Assert.True(SquaredResidual(nudged, face.Landmarks, template) >= fitted, $"{nudged} fits better than {transform}");
        }

        for (var k = 0; k < 5; k++)
        {
            var mapped = transform.Apply(face.Landmarks[k]);
            var residual = Distance(mapped, template[k]);
            Assert.True(residual < RealFaceResidual * scale, $"landmark {k} maps to {mapped}, template {template[k]} ({residual:F2} px)");

            // The crop pixel nearest the template point (≤ 0.71 px away) comes from within residual + 0.71 crop px of
            // the detected landmark, and is the bilinear sample of the photo there.
            int cx = (int)MathF.Round(template[k].X), cy = (int)MathF.Round(template[k].Y);
            var source = transform.Inverse().Apply(new PointF2(cx, cy));
            Assert.True(Distance(source, face.Landmarks[k]) <= (residual + 0.71) / transform.Scale, $"landmark {k}: crop ({cx}, {cy}) comes from {source}, landmark {face.Landmarks[k]}");
            AssertPixel(Bilinear(photo, source.X, source.Y), aligned.Crop[cx, cy], $"landmark {k} crop ({cx}, {cy})");
        }

        // And everywhere else, on a grid over the crop.
        var inverse = aligned.ImageToCrop.Inverse();
        for (var y = 0; y < size; y += size / 16)
        {
            for (var x = 0; x < size; x += size / 16)
            {
                var source = inverse.Apply(new PointF2(x, y));
                AssertPixel(Bilinear(photo, source.X, source.Y), aligned.Crop[x, y], $"crop ({x}, {y})");
            }
        }
    }

    /// <summary>
    /// A synthetic photo that is a known similarity warp of a smooth pattern defined in crop coordinates: alignment
    /// to landmarks placed by that warp must recover the warp exactly and reproduce the pattern.
    /// </summary>
    [Theory]
    [InlineData(112, 2.6, 0.35, 140.0, 60.0)]
    [InlineData(256, 1.3, -0.6, 90.0, 210.0)]
    [InlineData(512, 0.9, 2.5, 643.0, 367.0)]
    public void SyntheticWarpOfAPatternIsUndoneExactly(int size, double scale, double angle, double offsetX, double offsetY)
    {
        // cropToPhoto places the crop square inside a 640x640 photo, turned and scaled.
        var cropToPhoto = new SimilarityTransform(scale * Math.Cos(angle), scale * Math.Sin(angle), offsetX, offsetY);
        var photoToCrop = cropToPhoto.Inverse();
        using var photo = new Image<Rgb24>(640, 640);
        for (var y = 0; y < photo.Height; y++)
        {
            for (var x = 0; x < photo.Width; x++)
            {
                var c = photoToCrop.Apply(new PointF2(x, y));
                photo[x, y] = Pattern(c.X * 112.0 / size, c.Y * 112.0 / size);
            }
        }

        var landmarks = FaceAligner.Template(size).Select(cropToPhoto.Apply).ToArray();
        Assert.All(landmarks, p => Assert.True(p.X is >= 0 and < 640 && p.Y is >= 0 and < 640, $"{p} outside the photo"));
        using var aligned = FaceAligner.Align(photo, landmarks, size);

        Assert.Equal(photoToCrop.A, aligned.ImageToCrop.A, 4);
        Assert.Equal(photoToCrop.B, aligned.ImageToCrop.B, 4);
        Assert.Equal(photoToCrop.Tx, aligned.ImageToCrop.Tx, 1);
        Assert.Equal(photoToCrop.Ty, aligned.ImageToCrop.Ty, 1);
        var template = FaceAligner.Template(size);
        for (var k = 0; k < 5; k++)
        {
            var mapped = aligned.ImageToCrop.Apply(landmarks[k]);
            Assert.True(Distance(mapped, template[k]) < 0.01, $"landmark {k} maps to {mapped}, template {template[k]}");
        }

        // Crop pixels whose source lies inside the photo show the pattern (bilinear error of a smooth pattern is
        // well under a grey level; rounding adds half of one); the rest are black.
        var worst = 0;
        var inside = 0;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var p = cropToPhoto.Apply(new PointF2(x, y));
                if (p.X < 0 || p.Y < 0 || p.X > 639 || p.Y > 639)
                {
                    continue;
                }

                inside++;
                var expected = Pattern(x * 112.0 / size, y * 112.0 / size);
                var actual = aligned.Crop[x, y];
                worst = Math.Max(worst, Math.Max(Math.Abs(expected.R - actual.R), Math.Max(Math.Abs(expected.G - actual.G), Math.Abs(expected.B - actual.B))));
            }
        }

        Assert.True(inside > size * size / 2, $"only {inside} crop pixels come from inside the photo");
        Assert.True(worst <= 3, $"worst channel difference {worst}");
    }

    [Fact]
    public void CropPixelsFromOutsideThePhotoAreBlack()
    {
        using var photo = new Image<Rgb24>(64, 64, new Rgb24(200, 150, 100));

        // Landmarks of a face twice the photo's width, centred on its left edge: the crop's left part is off-image.
        var landmarks = FaceAligner.Template(112).Select(p => new PointF2((p.X - 56) * 2, p.Y * 2 - 80)).ToArray();
        using var aligned = FaceAligner.Align(photo, landmarks, 112);
        Assert.Equal(new Rgb24(0, 0, 0), aligned.Crop[2, 56]);
        Assert.Equal(new Rgb24(200, 150, 100), aligned.Crop[80, 56]);
    }

    // Crop pixels at 112. Only a sanity bound (a swapped or inverted transform misses by tens of pixels): a turned
    // head moves the nose ≈ 8 px off the frontal template, see the real-face test.
    private const float RealFaceResidual = 10f;

    private static Rgb24 Pattern(double u, double v) => new(
        (byte)Math.Round(128 + (100 * Math.Sin(u / 9.0))),
        (byte)Math.Round(128 + (100 * Math.Cos(v / 11.0))),
        (byte)Math.Round(128 + (90 * Math.Sin((u + v) / 15.0))));

    private static void AssertPixel(double[] expected, Rgb24 actual, string where)
    {
        var difference = Math.Max(Math.Abs(expected[0] - actual.R), Math.Max(Math.Abs(expected[1] - actual.G), Math.Abs(expected[2] - actual.B)));
        Assert.True(difference <= 1.01, $"{where}: {actual} vs bilinear ({expected[0]:F1}, {expected[1]:F1}, {expected[2]:F1})");
    }

    /// <summary>Bilinear sample in double precision; pixels outside the image count as black.</summary>
    private static double[] Bilinear(Image<Rgb24> image, double x, double y)
    {
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0;
        var sum = new double[3];
        foreach (var (px, py, w) in new[] { (x0, y0, (1 - fx) * (1 - fy)), (x0 + 1, y0, fx * (1 - fy)), (x0, y0 + 1, (1 - fx) * fy), (x0 + 1, y0 + 1, fx * fy) })
        {
            if (px < 0 || py < 0 || px >= image.Width || py >= image.Height)
            {
                continue;
            }

            var p = image[px, py];
            sum[0] += w * p.R;
            sum[1] += w * p.G;
            sum[2] += w * p.B;
        }

        return sum;
    }

    private static PointF2 Centroid(IReadOnlyList<PointF2> points) => new(points.Average(p => p.X), points.Average(p => p.Y));

    private static double SquaredResidual(SimilarityTransform t, IReadOnlyList<PointF2> source, IReadOnlyList<PointF2> target)
    {
        var sum = 0.0;
        for (var i = 0; i < source.Count; i++)
        {
            double dx = (t.A * source[i].X) - (t.B * source[i].Y) + t.Tx - target[i].X;
            double dy = (t.B * source[i].X) + (t.A * source[i].Y) + t.Ty - target[i].Y;
            sum += (dx * dx) + (dy * dy);
        }

        return sum;
    }

    /// <summary>
    /// The transform with its scale/rotation terms moved about <paramref name="pivot"/> (which keeps its image: turning
    /// about the photo's origin would swamp a small misfit with the lever arm) and with its translation moved.
    /// </summary>
    private static IEnumerable<SimilarityTransform> Nudges(SimilarityTransform t, PointF2 pivot, double step)
    {
        var image = t.Apply(pivot);
        var linear = step * t.Scale;
        foreach (var sign in new[] { -1.0, 1.0 })
        {
            foreach (var (a, b) in new[] { (t.A + (sign * linear), t.B), (t.A, t.B + (sign * linear)) })
            {
                yield return new SimilarityTransform(a, b, image.X - ((a * pivot.X) - (b * pivot.Y)), image.Y - ((b * pivot.X) + (a * pivot.Y)));
            }

            yield return t with { Tx = t.Tx + (sign * step * 100) };
            yield return t with { Ty = t.Ty + (sign * step * 100) };
        }
    }

    private static float Distance(PointF2 a, PointF2 b) => MathF.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));
}
