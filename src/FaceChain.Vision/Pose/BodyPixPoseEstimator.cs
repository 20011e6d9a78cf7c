using FaceChain.Inference;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Vision.Pose;

/// <summary>
/// Runs the BodyPix MobileNet (PoseNet heads, output stride 16) on an image and decodes everyone in it. The image is
/// scaled so its long side is at most <see cref="MaxInputSide"/> and placed top-left on a black canvas whose sides are
/// 16k + 1 (the sizes the heads align to); keypoints come back in the caller's pixel coordinates.
/// </summary>
public sealed class BodyPixPoseEstimator(InferenceSession session, PoseNetDecoder? decoder = null)
{
    public const int OutputStride = 16;

    public PoseNetDecoder Decoder { get; } = decoder ?? new PoseNetDecoder();

    public int MaxInputSide { get; init; } = 512;

    public static BodyPixPoseEstimator Create(ModelResolver resolver, OnnxSessionCache sessions)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(sessions);
        return new BodyPixPoseEstimator(sessions.Get(resolver.Resolve(KnownModels.BodyPixPose)));
    }

    public IReadOnlyList<PersonPose> Estimate(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        float scale = Math.Min(1f, (float)MaxInputSide / Math.Max(image.Width, image.Height));
        int width = Math.Max(1, (int)MathF.Round(image.Width * scale));
        int height = Math.Max(1, (int)MathF.Round(image.Height * scale));
        int inputWidth = CanvasSide(width), inputHeight = CanvasSide(height);

        var input = new DenseTensor<float>([1, inputHeight, inputWidth, 3]);
        // Black padding in the model's [-1, 1] range.
        input.Buffer.Span.Fill(-1f);
        using (var scaled = scale < 1f ? image.Clone(x => x.Resize(width, height)) : null)
        {
            Fill(scaled ?? image, input.Buffer, inputWidth);
        }

        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
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
        if (scale >= 1f)
        {
            return people;
        }

        float inverseX = (float)image.Width / width, inverseY = (float)image.Height / height;
        return people
            .Select(p => p with { Keypoints = p.Keypoints.Select(k => k with { X = k.X * inverseX, Y = k.Y * inverseY }).ToArray() })
            .ToList();
    }

    private static int CanvasSide(int side) => ((side + OutputStride - 2) / OutputStride * OutputStride) + 1;

    private static void Fill(Image<Rgb24> image, Memory<float> destination, int inputWidth)
    {
        const float half = 127.5f;
        image.ProcessPixelRows(accessor =>
        {
            var span = destination.Span;
            for (int y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                var target = span.Slice(y * inputWidth * 3, row.Length * 3);
                for (int x = 0; x < row.Length; x++)
                {
                    target[3 * x] = (row[x].R / half) - 1f;
                    target[(3 * x) + 1] = (row[x].G / half) - 1f;
                    target[(3 * x) + 2] = (row[x].B / half) - 1f;
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
