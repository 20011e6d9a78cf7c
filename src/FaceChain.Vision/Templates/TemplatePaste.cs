using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Vision.Templates;

/// <summary>
/// Pastes a redrawn crop back into the template at the template's own resolution. The blend weight lives on the crop
/// square (<see cref="TemplateRegion.Side"/>²): the inpainting mask brought back to template pixels (binarised at 0.5,
/// minus the image border and every other face), eroded by a 2k × 2k window with k = int(10·half/256), Gaussian-feathered
/// (kernel int(1.8k)·2 + 1), forced to 1 inside the target box, and multiplied by the unfeathered mask again. FACT pastes
/// the whole square and then adds back what the VAE round trip lost outside the face; pasting only the inpainted region
/// keeps every other pixel of the template bit for bit, with no correction pass.
/// </summary>
public static class TemplatePaste
{
    /// <summary>The blend weight per square pixel [Side × Side] for a crop of <paramref name="size"/>² with mask <paramref name="cropMask"/>.</summary>
    public static float[] Alpha(TemplateRegion region, ReadOnlySpan<float> cropMask, int size)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (cropMask.Length != size * size)
        {
            throw new ArgumentException($"the crop mask has {cropMask.Length} values, not {size}x{size}", nameof(cropMask));
        }

        var side = region.Side;
        var scale = (float)size / side;
        var hard = new float[side * side];
        for (var y = 0; y < side; y++)
        {
            var ty = region.Top + y;
            var cy = Math.Min(size - 1, (int)((y + 0.5f) * scale));
            for (var x = 0; x < side; x++)
            {
                var tx = region.Left + x;
                var cx = Math.Min(size - 1, (int)((x + 0.5f) * scale));
                if (tx >= 0 && tx < region.ImageWidth && ty >= 0 && ty < region.ImageHeight
                    && !region.InOtherFace(tx, ty) && cropMask[(cy * size) + cx] >= 0.5f)
                {
                    hard[(y * side) + x] = 1f;
                }
            }
        }

        var k = Math.Max(1, (int)(10.0 * region.Half / 256));
        var feathered = MaskFilters.GaussianBlur(MaskFilters.Erode(hard, side, side, 2 * k), side, side, ((int)(1.8 * k) * 2) + 1);
        var box = region.Target;
        var bx0 = (int)MathF.Floor(box.X) - region.Left;
        var by0 = (int)MathF.Floor(box.Y) - region.Top;
        var bx1 = (int)MathF.Ceiling(box.Right) - region.Left;
        var by1 = (int)MathF.Ceiling(box.Bottom) - region.Top;
        for (var y = Math.Max(0, by0); y < Math.Min(side, by1); y++)
        {
            for (var x = Math.Max(0, bx0); x < Math.Min(side, bx1); x++)
            {
                feathered[(y * side) + x] = 1f;
            }
        }

        for (var i = 0; i < feathered.Length; i++)
        {
            feathered[i] = Math.Clamp(feathered[i], 0f, 1f) * hard[i];
        }

        return feathered;
    }

    /// <summary>
    /// Blends <paramref name="redrawn"/> (the generated crop, any square size) into <paramref name="template"/> in place
    /// through <paramref name="alpha"/> from <see cref="Alpha"/>. Pixels whose weight is 0 are not written at all.
    /// </summary>
    public static void Paste(Image<Rgb24> template, Image<Rgb24> redrawn, TemplateRegion region, ReadOnlySpan<float> alpha)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(redrawn);
        ArgumentNullException.ThrowIfNull(region);
        TemplateCrop.RequireSameSize(template, region);
        var side = region.Side;
        if (alpha.Length != side * side)
        {
            throw new ArgumentException($"alpha has {alpha.Length} values, not {side}x{side}", nameof(alpha));
        }

        using var resized = redrawn.Width == side && redrawn.Height == side
            ? redrawn.Clone()
            : redrawn.Clone(c => c.Resize(side, side, KnownResamplers.Bicubic));
        var weights = alpha.ToArray();
        template.ProcessPixelRows(resized, (target, source) =>
        {
            for (var y = 0; y < side; y++)
            {
                var ty = region.Top + y;
                if (ty < 0 || ty >= region.ImageHeight)
                {
                    continue;
                }

                var targetRow = target.GetRowSpan(ty);
                var sourceRow = source.GetRowSpan(y);
                for (var x = 0; x < side; x++)
                {
                    var a = weights[(y * side) + x];
                    var tx = region.Left + x;
                    if (a <= 0f || tx < 0 || tx >= region.ImageWidth)
                    {
                        continue;
                    }

                    var t = targetRow[tx];
                    var r = sourceRow[x];
                    targetRow[tx] = new Rgb24(Mix(t.R, r.R, a), Mix(t.G, r.G, a), Mix(t.B, r.B, a));
                }
            }
        });
    }

    private static byte Mix(byte template, byte redrawn, float alpha) =>
        (byte)Math.Clamp(MathF.Round((template * (1 - alpha)) + (redrawn * alpha)), 0, 255);
}
