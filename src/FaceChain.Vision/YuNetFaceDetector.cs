using FaceChain.Inference;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Vision;

/// <summary>YuNet face detector: any image size in, boxes and 5 landmarks in original coordinates out.</summary>
public sealed class YuNetFaceDetector(InferenceSession session, FaceDetectorOptions? options = null)
{
    private static readonly int[] Strides = [8, 16, 32];

    public FaceDetectorOptions Options { get; } = options ?? new FaceDetectorOptions();

    public static YuNetFaceDetector Create(ModelResolver resolver, OnnxSessionCache sessions, FaceDetectorOptions? options = null) =>
        new(sessions.Get(resolver.Resolve(KnownModels.YuNetFaceDetector)), options);

    public IReadOnlyList<DetectedFace> Detect(Image<Rgb24> image)
    {
        float scale = Math.Min(1f, (float)Options.MaxSide / Math.Max(image.Width, image.Height));
        int scaledWidth = Math.Max(1, (int)MathF.Round(image.Width * scale));
        int scaledHeight = Math.Max(1, (int)MathF.Round(image.Height * scale));
        int paddedWidth = (scaledWidth + 31) / 32 * 32;
        int paddedHeight = (scaledHeight + 31) / 32 * 32;

        var input = new DenseTensor<float>([1, 3, paddedHeight, paddedWidth]);
        using (var scaled = scale < 1f ? image.Clone(x => x.Resize(scaledWidth, scaledHeight)) : null)
        {
            FillBgrPlanes(scaled ?? image, input.Buffer, paddedWidth, paddedHeight);
        }

        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        var outputs = results.ToDictionary(r => r.Name, r => r.AsTensor<float>());

        float inverse = (float)image.Width / scaledWidth;
        float inverseY = (float)image.Height / scaledHeight;
        var candidates = new List<DetectedFace>();
        foreach (int stride in Strides)
        {
            Decode(outputs, stride, paddedWidth / stride, paddedHeight / stride, inverse, inverseY, candidates);
        }

        var kept = NonMaxSuppression.Apply(candidates, Options.NmsIouThreshold);
        return FaceOrder.Number(kept.Select(f => Clip(f, image.Width, image.Height)));
    }

    private static void FillBgrPlanes(Image<Rgb24> image, Memory<float> buffer, int paddedWidth, int paddedHeight)
    {
        int plane = paddedWidth * paddedHeight;
        image.ProcessPixelRows(accessor =>
        {
            var planes = buffer.Span;
            for (int y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                int offset = y * paddedWidth;
                for (int x = 0; x < row.Length; x++)
                {
                    planes[offset + x] = row[x].B;
                    planes[plane + offset + x] = row[x].G;
                    planes[(2 * plane) + offset + x] = row[x].R;
                }
            }
        });
    }

    private void Decode(Dictionary<string, Tensor<float>> outputs, int stride, int columns, int rows,
        float scaleX, float scaleY, List<DetectedFace> candidates)
    {
        var cls = (DenseTensor<float>)outputs[$"cls_{stride}"];
        var obj = (DenseTensor<float>)outputs[$"obj_{stride}"];
        var bbox = ((DenseTensor<float>)outputs[$"bbox_{stride}"]).Buffer.Span;
        var kps = ((DenseTensor<float>)outputs[$"kps_{stride}"]).Buffer.Span;
        var clsSpan = cls.Buffer.Span;
        var objSpan = obj.Buffer.Span;
        int count = rows * columns;
        for (int i = 0; i < count; i++)
        {
            float score = MathF.Sqrt(Math.Clamp(clsSpan[i], 0, 1) * Math.Clamp(objSpan[i], 0, 1));
            if (score < Options.ScoreThreshold)
            {
                continue;
            }

            int r = i / columns;
            int c = i % columns;
            float cx = (c + bbox[(i * 4) + 0]) * stride;
            float cy = (r + bbox[(i * 4) + 1]) * stride;
            float w = MathF.Exp(bbox[(i * 4) + 2]) * stride;
            float h = MathF.Exp(bbox[(i * 4) + 3]) * stride;
            var landmarks = new PointF2[5];
            for (int k = 0; k < 5; k++)
            {
                landmarks[k] = new PointF2(
                    (kps[(i * 10) + (2 * k)] + c) * stride * scaleX,
                    (kps[(i * 10) + (2 * k) + 1] + r) * stride * scaleY);
            }

            var box = new FaceBox((cx - (w / 2)) * scaleX, (cy - (h / 2)) * scaleY, w * scaleX, h * scaleY);
            candidates.Add(new DetectedFace(box, landmarks, score, 0));
        }
    }

    private static DetectedFace Clip(DetectedFace face, int width, int height)
    {
        float x0 = Math.Clamp(face.Box.X, 0, width);
        float y0 = Math.Clamp(face.Box.Y, 0, height);
        float x1 = Math.Clamp(face.Box.Right, 0, width);
        float y1 = Math.Clamp(face.Box.Bottom, 0, height);
        return face with { Box = new FaceBox(x0, y0, x1 - x0, y1 - y0) };
    }
}
