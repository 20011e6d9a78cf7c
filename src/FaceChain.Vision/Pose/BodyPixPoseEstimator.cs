using System.Diagnostics;
using FaceChain.Inference;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Vision.Pose;

/// <summary>
/// Runs the BodyPix MobileNet (PoseNet heads, output stride 16) and decodes everyone in the image. The model sees a
/// black canvas whose sides are 16k + 1 (the sizes the heads align to); keypoints come back in the caller's pixels.
/// </summary>
public sealed class BodyPixPoseEstimator(InferenceSession session, PoseNetDecoder? decoder = null)
{
    public const int OutputStride = 16;

    /// <summary>
    /// Black canvas kept around a placed photo, in pixels (three grid cells): the rest of a padded canvas is not run, since
    /// black there only pads the photo, and this much of it keeps what the model sees near the photo's edge black, so
    /// keypoints stay within 2 px of the whole canvas's (two cells moved a tall photo's shoulder by 2.6 px).
    /// </summary>
    public const int PaddingMargin = 3 * OutputStride;

    public PoseNetDecoder Decoder { get; } = decoder ?? new PoseNetDecoder();

    public int MaxInputSide { get; init; } = 512;

    /// <summary>The estimator on the shared session of the rewritten BodyPix graph (<see cref="BodyPixGraph"/>).</summary>
    public static BodyPixPoseEstimator Create(ModelResolver resolver, OnnxSessionCache sessions)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(sessions);
        return new BodyPixPoseEstimator(sessions.Get(resolver.Resolve(KnownModels.BodyPixPose), BodyPixGraph.Variant, BodyPixGraph.Prepare));
    }

    /// <summary>Everyone in an image, which is scaled so its long side is at most <see cref="MaxInputSide"/>.</summary>
    public IReadOnlyList<PersonPose> Estimate(Image<Rgb24> image, PoseStageTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        float scale = Math.Min(1f, (float)MaxInputSide / Math.Max(image.Width, image.Height));
        int width = Math.Max(1, (int)MathF.Round(image.Width * scale));
        int height = Math.Max(1, (int)MathF.Round(image.Height * scale));
        using var scaled = scale < 1f ? image.Clone(x => x.Resize(width, height)) : null;
        var people = Estimate(scaled ?? image, new PosePhotoPlacement(width, height, 0, 0, width, height), timings);
        if (scale >= 1f)
        {
            return people;
        }

        float inverseX = (float)image.Width / width, inverseY = (float)image.Height / height;
        return people
            .Select(p => p with { Keypoints = p.Keypoints.Select(k => k with { X = k.X * inverseX, Y = k.Y * inverseY }).ToArray() })
            .ToList();
    }

    /// <summary>
    /// Everyone in a photo already scaled to its <paramref name="placement"/> on a black canvas, in canvas pixels. Only
    /// the photo and <see cref="PaddingMargin"/> of black around it are run, on the canvas's own grid.
    /// </summary>
    public IReadOnlyList<PersonPose> Estimate(Image<Rgb24> placed, PosePhotoPlacement placement, PoseStageTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(placed);
        if (placed.Width != placement.Width || placed.Height != placement.Height)
        {
            throw new ArgumentException($"the photo is {placed.Width}x{placed.Height}, its placement {placement.Width}x{placement.Height}", nameof(placed));
        }

        // The window starts on a grid line, so its cells are the whole canvas's cells.
        int left = Math.Max(0, placement.Left - PaddingMargin) / OutputStride * OutputStride;
        int top = Math.Max(0, placement.Top - PaddingMargin) / OutputStride * OutputStride;
        int right = Math.Min(placement.CanvasWidth, placement.Left + placement.Width + PaddingMargin);
        int bottom = Math.Min(placement.CanvasHeight, placement.Top + placement.Height + PaddingMargin);
        int inputWidth = CanvasSide(right - left), inputHeight = CanvasSide(bottom - top);

        long start = Stopwatch.GetTimestamp();
        var input = new DenseTensor<float>([1, inputHeight, inputWidth, 3]);
        // Black in the model's [-1, 1] range.
        input.Buffer.Span.Fill(-1f);
        Fill(placed, input.Buffer, inputWidth, placement.Left - left, placement.Top - top);
        long filled = Stopwatch.GetTimestamp();

        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)], BodyPixGraph.Heads);
        long ran = Stopwatch.GetTimestamp();

        int rows = ((inputHeight - 1) / OutputStride) + 1, columns = ((inputWidth - 1) / OutputStride) + 1;
        var heads = new PoseNetHeads(
            Nhwc(results, "heatmaps", rows, columns),
            Nhwc(results, "short_offsets", rows, columns),
            Nhwc(results, "displacement_fwd", rows, columns),
            Nhwc(results, "displacement_bwd", rows, columns),
            rows,
            columns,
            OutputStride);
        var people = Decoder.Decode(heads);
        var shifted = left == 0 && top == 0
            ? people
            : people.Select(p => p with { Keypoints = p.Keypoints.Select(k => k with { X = k.X + left, Y = k.Y + top }).ToArray() }).ToList();
        if (timings is not null)
        {
            timings.TensorMs += Stopwatch.GetElapsedTime(start, filled).TotalMilliseconds;
            timings.ModelMs += Stopwatch.GetElapsedTime(filled, ran).TotalMilliseconds;
            timings.DecodeMs += Stopwatch.GetElapsedTime(ran).TotalMilliseconds;
        }

        return shifted;
    }

    private static int CanvasSide(int side) => ((side + OutputStride - 2) / OutputStride * OutputStride) + 1;

    private static void Fill(Image<Rgb24> image, Memory<float> destination, int inputWidth, int left, int top)
    {
        const float scale = 1f / 127.5f;
        image.ProcessPixelRows(accessor =>
        {
            var span = destination.Span;
            for (int y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                var target = span.Slice((((top + y) * inputWidth) + left) * 3, row.Length * 3);
                for (int x = 0; x < row.Length; x++)
                {
                    target[3 * x] = (row[x].R * scale) - 1f;
                    target[(3 * x) + 1] = (row[x].G * scale) - 1f;
                    target[(3 * x) + 2] = (row[x].B * scale) - 1f;
                }
            }
        });
    }

    /// <summary>A head as a flat NHWC array; exports that emit NCHW are transposed.</summary>
    private static float[] Nhwc(IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results, string name, int rows, int columns)
    {
        var tensor = results.FirstOrDefault(r => r.Name == name)?.AsTensor<float>()
            ?? throw new InvalidOperationException($"pose model has no output '{name}'");
        var dims = tensor.Dimensions;
        if (dims.Length != 4 || dims[0] != 1)
        {
            throw new InvalidOperationException($"pose model output '{name}' has shape [{string.Join(',', dims.ToArray())}], expected [1, H, W, C]");
        }

        var values = tensor.ToArray();
        if (dims[1] == rows && dims[2] == columns)
        {
            return values;
        }

        if (dims[2] == rows && dims[3] == columns)
        {
            int channels = dims[1];
            var transposed = new float[values.Length];
            for (int c = 0; c < channels; c++)
            {
                for (int cell = 0; cell < rows * columns; cell++)
                {
                    transposed[(cell * channels) + c] = values[(c * rows * columns) + cell];
                }
            }

            return transposed;
        }

        throw new InvalidOperationException($"pose model output '{name}' has shape [{string.Join(',', dims.ToArray())}], expected a {rows}x{columns} grid");
    }
}
