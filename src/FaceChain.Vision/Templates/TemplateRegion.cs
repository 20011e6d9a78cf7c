namespace FaceChain.Vision.Templates;

/// <summary>
/// The geometry of redrawing one face of a template photo, in the template's (EXIF-oriented) pixels: the square crop
/// centred on the target box with the face filling ~70 % of its side (<c>half = int(max(w, h) / 0.7 / 2)</c>, as FACT),
/// the target box, its eye line, and the boxes of every other face, which are blacked out in the working crop and
/// never pasted over. Boxes are pinned once per job, so every redraw of a multi-person template sees the same faces.
/// </summary>
public sealed record TemplateRegion
{
    public TemplateRegion(int imageWidth, int imageHeight, FaceBox target, float eyeLineY, IReadOnlyList<FaceBox> otherFaces)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageHeight);
        ArgumentNullException.ThrowIfNull(otherFaces);
        if (!(target.Width > 0 && target.Height > 0))
        {
            throw new ArgumentException("the target face box must have a positive size", nameof(target));
        }

        ImageWidth = imageWidth;
        ImageHeight = imageHeight;
        Target = target;
        EyeLineY = eyeLineY;
        OtherFaces = otherFaces;
        Half = Math.Max(1, (int)(Math.Max(target.Width, target.Height) / 0.7 / 2));
        Left = (int)MathF.Round(target.CenterX) - Half;
        Top = (int)MathF.Round(target.CenterY) - Half;
    }

    /// <summary>Builds the region of face <paramref name="targetIndex"/> from every face of the template.</summary>
    public static TemplateRegion For(int imageWidth, int imageHeight, IReadOnlyList<DetectedFace> faces, int targetIndex)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var target = faces.FirstOrDefault(f => f.Index == targetIndex)
            ?? throw new ArgumentOutOfRangeException(nameof(targetIndex), targetIndex, $"the template has {faces.Count} face(s)");
        var eyes = target.Landmarks.Count >= 2 ? (target.Landmarks[0].Y + target.Landmarks[1].Y) / 2 : target.Box.CenterY;
        return new TemplateRegion(imageWidth, imageHeight, target.Box, eyes,
            [.. faces.Where(f => f.Index != targetIndex).Select(f => f.Box)]);
    }

    public int ImageWidth { get; }

    public int ImageHeight { get; }

    public FaceBox Target { get; }

    /// <summary>Mean y of the two eyes: above it the inpainting mask stays tight, below it reaches further (chin, neck).</summary>
    public float EyeLineY { get; }

    public IReadOnlyList<FaceBox> OtherFaces { get; }

    /// <summary>Half the side of the square crop, in template pixels.</summary>
    public int Half { get; }

    public int Side => 2 * Half;

    /// <summary>The square's left edge in template pixels (may be negative: the crop is zero-padded there).</summary>
    public int Left { get; }

    public int Top { get; }

    /// <summary>Whether template pixel (x, y) lies inside any other face's box (those pixels never change).</summary>
    public bool InOtherFace(int x, int y)
    {
        foreach (var box in OtherFaces)
        {
            if (x >= MathF.Floor(box.X) && x < MathF.Ceiling(box.Right) && y >= MathF.Floor(box.Y) && y < MathF.Ceiling(box.Bottom))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Where template point <paramref name="point"/> lies in the working crop of side <paramref name="size"/>.</summary>
    public PointF2 ToCrop(PointF2 point, int size)
    {
        var scale = (float)size / Side;
        return new PointF2((point.X - Left) * scale, (point.Y - Top) * scale);
    }

    /// <summary>Whether template pixel (x, y) lies inside the crop square.</summary>
    public bool InSquare(int x, int y) => x >= Left && x < Left + Side && y >= Top && y < Top + Side;
}
