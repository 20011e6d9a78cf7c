namespace FaceChain.Vision;

/// <summary>
/// 2-D similarity (uniform scale, rotation, translation): x' = a*x - b*y + tx, y' = b*x + a*y + ty.
/// </summary>
public readonly record struct SimilarityTransform(double A, double B, double Tx, double Ty)
{
    public double Scale => Math.Sqrt((A * A) + (B * B));

    public double RotationRadians => Math.Atan2(B, A);

    public PointF2 Apply(PointF2 p) =>
        new((float)((A * p.X) - (B * p.Y) + Tx), (float)((B * p.X) + (A * p.Y) + Ty));

    public SimilarityTransform Inverse()
    {
        double d = (A * A) + (B * B);
        double ia = A / d;
        double ib = -B / d;
        return new SimilarityTransform(ia, ib, -((ia * Tx) - (ib * Ty)), -((ib * Tx) + (ia * Ty)));
    }

    /// <summary>Least-squares similarity (Umeyama without reflection) mapping <paramref name="source"/> onto <paramref name="target"/>.</summary>
    public static SimilarityTransform Fit(IReadOnlyList<PointF2> source, IReadOnlyList<PointF2> target)
    {
        if (source.Count != target.Count || source.Count < 2)
        {
            throw new ArgumentException("Need at least two matching point pairs.", nameof(source));
        }

        int n = source.Count;
        double sx = 0, sy = 0, tx = 0, ty = 0;
        for (int i = 0; i < n; i++)
        {
            sx += source[i].X;
            sy += source[i].Y;
            tx += target[i].X;
            ty += target[i].Y;
        }

        sx /= n;
        sy /= n;
        tx /= n;
        ty /= n;

        // With centred points the 4-DoF least-squares solution is closed form:
        // a = sum(p·q)/sum|p|^2, b = sum(p×q)/sum|p|^2.
        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < n; i++)
        {
            double px = source[i].X - sx, py = source[i].Y - sy;
            double qx = target[i].X - tx, qy = target[i].Y - ty;
            dot += (px * qx) + (py * qy);
            cross += (px * qy) - (py * qx);
            norm += (px * px) + (py * py);
        }

        if (norm <= 1e-12)
        {
            throw new ArgumentException("Source points are degenerate (all equal).", nameof(source));
        }

        double a = dot / norm;
        double b = cross / norm;
        return new SimilarityTransform(a, b, tx - ((a * sx) - (b * sy)), ty - ((b * sx) + (a * sy)));
    }
}
