namespace FaceChain.Vision.Pose;

/// <summary>
/// The PoseNet heads of one image on a grid of <see cref="Rows"/> × <see cref="Columns"/> cells (NHWC, one cell per
/// <see cref="OutputStride"/> input pixels): keypoint heatmap logits, short offsets (17 y then 17 x) and the forward and
/// backward displacements along the 16 skeleton edges (16 y then 16 x).
/// </summary>
public sealed class PoseNetHeads
{
    public const int KeypointCount = 17;
    public const int EdgeCount = 16;

    private readonly float[] _heatmaps;
    private readonly float[] _offsets;
    private readonly float[] _forward;
    private readonly float[] _backward;

    public PoseNetHeads(float[] heatmaps, float[] offsets, float[] forward, float[] backward, int rows, int columns, int outputStride)
    {
        ArgumentNullException.ThrowIfNull(heatmaps);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(backward);
        int cells = rows * columns;
        if (heatmaps.Length != cells * KeypointCount || offsets.Length != cells * 2 * KeypointCount
            || forward.Length != cells * 2 * EdgeCount || backward.Length != cells * 2 * EdgeCount)
        {
            throw new ArgumentException($"PoseNet heads do not match a {rows}x{columns} grid");
        }

        _heatmaps = heatmaps;
        _offsets = offsets;
        _forward = forward;
        _backward = backward;
        Rows = rows;
        Columns = columns;
        OutputStride = outputStride;
    }

    public int Rows { get; }

    public int Columns { get; }

    public int OutputStride { get; }

    /// <summary>Keypoint confidence in [0, 1] (the heads emit logits).</summary>
    public float Score(int row, int column, int keypoint) =>
        1f / (1f + MathF.Exp(-_heatmaps[(((row * Columns) + column) * KeypointCount) + keypoint]));

    public float Logit(int row, int column, int keypoint) => _heatmaps[(((row * Columns) + column) * KeypointCount) + keypoint];

    /// <summary>Pixel position of <paramref name="keypoint"/> as seen from a grid cell: the cell's pixel plus the short offset.</summary>
    public (float X, float Y) Position(int row, int column, int keypoint)
    {
        int cell = ((row * Columns) + column) * 2 * KeypointCount;
        return ((column * OutputStride) + _offsets[cell + KeypointCount + keypoint], (row * OutputStride) + _offsets[cell + keypoint]);
    }

    public (float X, float Y) Displacement(int row, int column, int edge, bool forward)
    {
        var source = forward ? _forward : _backward;
        int cell = ((row * Columns) + column) * 2 * EdgeCount;
        return (source[cell + EdgeCount + edge], source[cell + edge]);
    }
}
