using FaceChain.Inference;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision;

/// <summary>
/// MobileFaceNet ID encoder (batch fixed at 1 by the model, so batches loop over one shared session).
/// The embedding is the sum of the crop's and its mirror's outputs (standard flip-test augmentation):
/// MobileFaceNet alone is not mirror-invariant, and a selfie is often a mirrored photo of the same person.
/// </summary>
public sealed class FaceIdentityEncoder(InferenceSession session)
{
    public const int InputSize = 112;

    public static FaceIdentityEncoder Create(ModelResolver resolver, OnnxSessionCache sessions) =>
        new(sessions.Get(resolver.Resolve(KnownModels.MobileFaceNet)));

    public FaceIdentity Encode(Image<Rgb24> alignedCrop)
    {
        if (alignedCrop.Width != InputSize || alignedCrop.Height != InputSize)
        {
            throw new ArgumentException($"Aligned crop must be {InputSize}x{InputSize}.", nameof(alignedCrop));
        }

        var direct = Run(alignedCrop, mirrored: false);
        var mirror = Run(alignedCrop, mirrored: true);
        for (int i = 0; i < direct.Length; i++)
        {
            direct[i] += mirror[i];
        }

        return new FaceIdentity(direct);
    }

    private float[] Run(Image<Rgb24> alignedCrop, bool mirrored)
    {
        var input = new DenseTensor<float>([1, 3, InputSize, InputSize]);
        var buffer = input.Buffer;
        const int Plane = InputSize * InputSize;
        alignedCrop.ProcessPixelRows(accessor =>
        {
            var planes = buffer.Span;
            for (int y = 0; y < InputSize; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (int x = 0; x < InputSize; x++)
                {
                    int i = (y * InputSize) + (mirrored ? InputSize - 1 - x : x);
                    planes[i] = (row[x].R - 127.5f) / 127.5f;
                    planes[Plane + i] = (row[x].G - 127.5f) / 127.5f;
                    planes[(2 * Plane) + i] = (row[x].B - 127.5f) / 127.5f;
                }
            }
        });

        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input0", input)]);
        return results[0].AsTensor<float>().ToArray();
    }

    public IReadOnlyList<FaceIdentity> EncodeBatch(IEnumerable<Image<Rgb24>> alignedCrops) =>
        alignedCrops.Select(Encode).ToList();
}
