namespace FaceChain.Vision;

/// <summary>Axis-aligned box in image pixel coordinates.</summary>
public readonly record struct FaceBox(float X, float Y, float Width, float Height)
{
    public float Right => X + Width;

    public float Bottom => Y + Height;

    public float CenterX => X + (Width / 2);

    public float CenterY => Y + (Height / 2);

    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    public float IntersectionOverUnion(FaceBox other)
    {
        float w = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        float h = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        float intersection = w * h;
        return intersection / (Area + other.Area - intersection);
    }

    public bool Contains(PointF2 p) => p.X >= X && p.X <= Right && p.Y >= Y && p.Y <= Bottom;
}
