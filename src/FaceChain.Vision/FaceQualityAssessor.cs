using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision;

/// <summary>Measures a face's <see cref="FaceQuality"/> from its detection and its 112×112 aligned crop.</summary>
public sealed class FaceQualityAssessor(FaceQualityThresholds? thresholds = null)
{
    public const int CropSize = 112;

    // Inner face area of the ArcFace 112 template (brows to chin, cheek to cheek): background and hair
    // around the face would otherwise dominate sharpness and brightness.
    private const int RegionLeft = 24;
    private const int RegionRight = 88;
    private const int RegionTop = 28;
    private const int RegionBottom = 108;

    /// <summary>Luma standard deviation (0..255 scale) that sharpness is normalised to: 0.2 of full range, a typical face.</summary>
    public const double ReferenceLumaStdDev = 51;

    public FaceQualityThresholds Thresholds { get; } = thresholds ?? new FaceQualityThresholds();

    public FaceQuality Assess(DetectedFace face, Image<Rgb24> alignedCrop)
    {
        if (alignedCrop.Width != CropSize || alignedCrop.Height != CropSize)
        {
            throw new ArgumentException($"Aligned crop must be {CropSize}x{CropSize}.", nameof(alignedCrop));
        }

        var luma = Luma(alignedCrop);
        var (brightness, contrast) = MeanAndStdDev(luma);
        double sharpness = LaplacianVariance(luma, contrast);
        double yaw = EstimateYawDegrees(face.Landmarks);
        float eyes = InterOcular(face.Landmarks);
        var quality = new FaceQuality(face.Box.Width, face.Box.Height, face.Score, eyes, sharpness,
            brightness / 255, contrast / 255, yaw, []);
        return quality with { Issues = Judge(quality) };
    }

    /// <summary>
    /// Signed yaw in degrees from the 5 landmarks. Positive means the face is turned towards the image's
    /// right (the nose tip sits closer to the image-right eye; the subject looks to their own left).
    /// The nose offset from the eye midpoint is projected on the eye line (so roll does not matter) and
    /// divided by half the eye distance; with the nose tip about as far in front of the eyes as half the
    /// eye distance (typical adult proportions) that ratio is tan(yaw).
    /// </summary>
    public static double EstimateYawDegrees(IReadOnlyList<PointF2> landmarks)
    {
        if (landmarks.Count < 3)
        {
            return 0;
        }

        var left = landmarks[0];
        var right = landmarks[1];
        var nose = landmarks[2];
        double ex = right.X - left.X, ey = right.Y - left.Y;
        double distance = Math.Sqrt((ex * ex) + (ey * ey));
        if (distance < 1e-6)
        {
            return 0;
        }

        double mx = (left.X + right.X) / 2, my = (left.Y + right.Y) / 2;
        double offset = (((nose.X - mx) * ex) + ((nose.Y - my) * ey)) / distance;
        return Math.Atan(offset / (distance / 2)) * 180 / Math.PI;
    }

    private static float InterOcular(IReadOnlyList<PointF2> landmarks)
    {
        if (landmarks.Count < 2)
        {
            return 0;
        }

        float dx = landmarks[1].X - landmarks[0].X, dy = landmarks[1].Y - landmarks[0].Y;
        return MathF.Sqrt((dx * dx) + (dy * dy));
    }

    private IReadOnlyList<FaceQualityIssue> Judge(FaceQuality q)
    {
        var t = Thresholds;
        var issues = new List<FaceQualityIssue>();
        float side = Math.Min(q.FaceWidth, q.FaceHeight);
        if (side < t.MinFaceSide)
        {
            issues.Add(Issue(FaceQualityIssueKind.TooSmall, $"the face is too small ({side:F0} px across, need ≥ {t.MinFaceSide:F0} px)"));
        }

        if (q.Score < t.MinScore)
        {
            issues.Add(Issue(FaceQualityIssueKind.LowScore, $"the face is hard to recognise as a face (detector confidence {q.Score:F2}, need ≥ {t.MinScore:F2})"));
        }

        if (q.Sharpness < t.MinSharpness)
        {
            issues.Add(Issue(FaceQualityIssueKind.Blurry, $"the face is blurry (sharpness {q.Sharpness:F0}, need ≥ {t.MinSharpness:F0})"));
        }

        if (q.Brightness < t.MinBrightness)
        {
            issues.Add(Issue(FaceQualityIssueKind.TooDark, $"the face is too dark (brightness {q.Brightness:F2}, need ≥ {t.MinBrightness:F2})"));
        }
        else if (q.Brightness > t.MaxBrightness)
        {
            issues.Add(Issue(FaceQualityIssueKind.TooBright, $"the face is overexposed (brightness {q.Brightness:F2}, need ≤ {t.MaxBrightness:F2})"));
        }

        if (q.Contrast < t.MinContrast)
        {
            issues.Add(Issue(FaceQualityIssueKind.LowContrast, $"the face has too little contrast (contrast {q.Contrast:F3}, need ≥ {t.MinContrast:F3})"));
        }

        if (Math.Abs(q.YawDegrees) > t.MaxAbsYawDegrees)
        {
            issues.Add(Issue(FaceQualityIssueKind.TurnedAway, $"the face is turned away from the camera (about {Math.Abs(q.YawDegrees):F0}° to the {(q.YawDegrees > 0 ? "right" : "left")}, need ≤ {t.MaxAbsYawDegrees:F0}°)"));
        }

        return issues;
    }

    private static FaceQualityIssue Issue(FaceQualityIssueKind kind, FormattableString message) =>
        new(kind, message.ToString(CultureInfo.InvariantCulture));

    private static float[] Luma(Image<Rgb24> crop)
    {
        var luma = new float[CropSize * CropSize];
        crop.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < CropSize; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (int x = 0; x < CropSize; x++)
                {
                    luma[(y * CropSize) + x] = (0.299f * row[x].R) + (0.587f * row[x].G) + (0.114f * row[x].B);
                }
            }
        });
        return luma;
    }

    private static (double Mean, double StdDev) MeanAndStdDev(float[] luma)
    {
        double sum = 0, squares = 0;
        int n = 0;
        for (int y = RegionTop; y < RegionBottom; y++)
        {
            for (int x = RegionLeft; x < RegionRight; x++)
            {
                double v = luma[(y * CropSize) + x];
                sum += v;
                squares += v * v;
                n++;
            }
        }

        double mean = sum / n;
        return (mean, Math.Sqrt(Math.Max(0, (squares / n) - (mean * mean))));
    }

    /// <summary>
    /// Variance of the 4-neighbour Laplacian over the inner face, with luma first rescaled to a standard
    /// deviation of <see cref="ReferenceLumaStdDev"/>: Laplacian variance grows with the square of contrast,
    /// so without this a dim but sharp photo would read as blurry (a 0.3× darkening cut it 10×).
    /// </summary>
    private static double LaplacianVariance(float[] luma, double lumaStdDev)
    {
        if (lumaStdDev < 1)
        {
            return 0;
        }

        double sum = 0, squares = 0;
        int n = 0;
        for (int y = RegionTop; y < RegionBottom; y++)
        {
            for (int x = RegionLeft; x < RegionRight; x++)
            {
                int i = (y * CropSize) + x;
                double laplacian = luma[i - 1] + luma[i + 1] + luma[i - CropSize] + luma[i + CropSize] - (4 * luma[i]);
                sum += laplacian;
                squares += laplacian * laplacian;
                n++;
            }
        }

        double mean = sum / n;
        double gain = ReferenceLumaStdDev / lumaStdDev;
        return ((squares / n) - (mean * mean)) * gain * gain;
    }
}
