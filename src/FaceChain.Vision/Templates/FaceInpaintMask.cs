namespace FaceChain.Vision.Templates;

/// <summary>
/// The inpainting mask of a working crop (size × size, row-major, 1 = redraw), FACT's recipe on the face box (we have
/// no face parser, so the box stands for the face region): the box grown by 0.04·√area above the eye line and by
/// 0.1·√area below it (chin and neck follow the new face), zero inside every other face's box, edges softened by a
/// 21-tap Gaussian multiplied back by the hard mask so nothing outside it turns on.
/// </summary>
public static class FaceInpaintMask
{
    public const double TightGrowth = 0.04;
    public const double LooseGrowth = 0.1;
    public const int BlurSize = 21;

    public static float[] Build(TemplateRegion region, int size)
    {
        var hard = Grown(region, size, TightGrowth, LooseGrowth);
        var soft = MaskFilters.GaussianBlur(hard, size, size, BlurSize);
        for (var i = 0; i < soft.Length; i++)
        {
            soft[i] *= hard[i];
        }

        return soft;
    }

    /// <summary>
    /// The hard face region FACT's <c>segment</c> makes (1 inside): the target box grown by
    /// <c>int(√area·<paramref name="aboveEyes"/>)</c> above the eye line and <c>int(√area·<paramref name="belowEyes"/>)</c>
    /// below it, every other face's box left out. The Canny control is blanked inside (0, 0.05) and the refine pass redraws
    /// (0.02, 0.02).
    /// </summary>
    public static float[] Grown(TemplateRegion region, int size, double aboveEyes, double belowEyes)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var scale = (float)size / region.Side;
        var box = region.Target;
        float x0 = (box.X - region.Left) * scale, y0 = (box.Y - region.Top) * scale;
        float x1 = (box.Right - region.Left) * scale, y1 = (box.Bottom - region.Top) * scale;
        var root = Math.Sqrt((x1 - x0) * (y1 - y0));
        var tight = (int)(root * aboveEyes);
        var loose = (int)(root * belowEyes);
        var eye = (region.EyeLineY - region.Top) * scale;
        var hard = new float[size * size];
        for (var y = 0; y < size; y++)
        {
            var grow = y + 0.5f < eye ? tight : loose;
            for (var x = 0; x < size; x++)
            {
                var cx = x + 0.5f;
                var cy = y + 0.5f;
                if (cx >= x0 - grow && cx < x1 + grow && cy >= y0 - grow && cy < y1 + grow && !InOtherFace(region, x, y, scale))
                {
                    hard[(y * size) + x] = 1f;
                }
            }
        }

        return hard;
    }

    private static bool InOtherFace(TemplateRegion region, int x, int y, float scale) =>
        region.InOtherFace((int)MathF.Floor(region.Left + ((x + 0.5f) / scale)), (int)MathF.Floor(region.Top + ((y + 0.5f) / scale)));
}
