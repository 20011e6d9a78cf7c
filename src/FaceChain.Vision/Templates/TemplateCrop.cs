using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Vision.Templates;

/// <summary>
/// Cuts the working crop of a <see cref="TemplateRegion"/>: the square, black where it leaves the image and inside
/// every other face's box, resized (bicubic, ImageSharp) to the generation size.
/// </summary>
public static class TemplateCrop
{
    public static Image<Rgb24> Cut(Image<Rgb24> template, TemplateRegion region, int size)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        RequireSameSize(template, region);
        var square = new Image<Rgb24>(region.Side, region.Side);
        try
        {
            template.ProcessPixelRows(square, (source, target) =>
            {
                for (var y = 0; y < region.Side; y++)
                {
                    var ty = region.Top + y;
                    if (ty < 0 || ty >= region.ImageHeight)
                    {
                        continue;
                    }

                    var sourceRow = source.GetRowSpan(ty);
                    var targetRow = target.GetRowSpan(y);
                    for (var x = 0; x < region.Side; x++)
                    {
                        var tx = region.Left + x;
                        if (tx >= 0 && tx < region.ImageWidth && !region.InOtherFace(tx, ty))
                        {
                            targetRow[x] = sourceRow[tx];
                        }
                    }
                }
            });
            if (size != region.Side)
            {
                square.Mutate(c => c.Resize(size, size, KnownResamplers.Bicubic));
            }

            return square;
        }
        catch
        {
            square.Dispose();
            throw;
        }
    }

    internal static void RequireSameSize(Image<Rgb24> template, TemplateRegion region)
    {
        if (template.Width != region.ImageWidth || template.Height != region.ImageHeight)
        {
            throw new ArgumentException(
                $"the region was made for a {region.ImageWidth}x{region.ImageHeight} template, not {template.Width}x{template.Height}", nameof(template));
        }
    }
}
