using FaceChain.Inference;
using FaceChain.Pipeline.Identity;
using FaceChain.Testing;
using FaceChain.Vision;
using FaceChain.Vision.Fusion;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Bench;

/// <summary>
/// `identity`: what the identity check and face fusion cost per 512² output. Targets are the shared single portraits
/// cropped around their face to 512² (a portrait-like output); the character is the next photo. Verify = detect + align
/// + flip-tested encode + cosine on a decoded image (and with PNG decoding, as the activity does); fuse = warp + colour
/// match + mask + Poisson blend (and the activity's whole step: decode both, fuse, score again, encode PNG).
/// </summary>
public static class IdentityBenchmark
{
    private const int Side = 512;
    private const int WarmUp = 2;
    private const int Iterations = 10;

    public static int Run(string[] args)
    {
        _ = args;
        using var sessions = new OnnxSessionCache(InferenceOptions.FromEnvironment());
        var resolver = SharedAssets.Resolver();
        var analyzer = FaceAnalyzer.Create(resolver, sessions);
        var verifier = IdentityVerifier.Create(resolver, sessions);
        var loader = new SafeImageLoader();
        var activity = new VisionFaceVerification(loader, verifier);
        var photos = SharedAssets.SinglePortraits;
        Console.WriteLine($"cores: {Environment.ProcessorCount}, {Side}² targets, warm-up {WarmUp}, median of {Iterations} iterations");
        Console.WriteLine($"{"target",-40} {"verify ms",10} {"+png",8} {"fuse ms",9} {"+activity",10} {"cos before",11} {"after",7}");
        var verifyAll = new List<double>();
        var fuseAll = new List<double>();
        for (var i = 0; i < photos.Count; i++)
        {
            using var target = PortraitCrop(loader, analyzer, photos[i]);
            using var character = loader.Load(photos[(i + 1) % photos.Count]);
            var source = FaceAnalyzer.Best(analyzer.Analyze(character));
            var targetFace = FaceAnalyzer.Best(analyzer.Analyze(target)).Face;
            var targetPng = Png(target);
            var characterBytes = File.ReadAllBytes(photos[(i + 1) % photos.Count]);
            var reference = source.Identity.Vector.ToArray();
            var landmarks = targetFace.Landmarks.Select(p => new Pipeline.Engines.FacePoint(p.X, p.Y)).ToList();
            var sourceLandmarks = source.Face.Landmarks.Select(p => new Pipeline.Engines.FacePoint(p.X, p.Y)).ToList();

            IdentityMatch before = IdentityMatch.NoFace;
            var verifyMs = Statistics.MedianMs(WarmUp, Iterations, () => before = verifier.Verify(target, source.Identity));
            var verifyPngMs = Statistics.MedianMs(WarmUp, Iterations, () => activity.Verify(targetPng, reference));
            var fuseMs = Statistics.MedianMs(WarmUp, Iterations, () => FaceFusion.Fuse(target, targetFace.Landmarks, character, source.Face.Landmarks).Dispose());
            IdentityVerification after = null!;
            var fuseActivityMs = Statistics.MedianMs(WarmUp, Iterations, () => after = activity.Fuse(targetPng, landmarks, characterBytes, sourceLandmarks, reference).After);
            verifyAll.Add(verifyMs);
            fuseAll.Add(fuseMs);
            Console.WriteLine($"{Path.GetFileName(photos[i]),-40} {verifyMs,10:F1} {verifyPngMs,8:F1} {fuseMs,9:F1} {fuseActivityMs,10:F1} {before.Score,11:F3} {after.Score,7:F3}");
        }

        verifyAll.Sort();
        fuseAll.Sort();
        Console.WriteLine($"median over targets: verify {verifyAll[verifyAll.Count / 2]:F1} ms (goal ≤ 50), fuse {fuseAll[fuseAll.Count / 2]:F1} ms (goal ≤ 150)");
        return 0;
    }

    // A square around the face, three face-heights wide, scaled to 512²: the framing of a generated portrait.
    private static Image<Rgb24> PortraitCrop(SafeImageLoader loader, FaceAnalyzer analyzer, string path)
    {
        var image = loader.Load(path);
        var box = FaceAnalyzer.Best(analyzer.Analyze(image)).Face.Box;
        var side = (int)Math.Min(Math.Min(image.Width, image.Height), Math.Max(box.Width, box.Height) * 3);
        var x = (int)Math.Clamp(box.CenterX - (side / 2f), 0, image.Width - side);
        var y = (int)Math.Clamp(box.CenterY - (side / 2f), 0, image.Height - side);
        image.Mutate(m => m.Crop(new Rectangle(x, y, side, side)).Resize(Side, Side));
        return image;
    }

    private static byte[] Png(Image<Rgb24> image)
    {
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
