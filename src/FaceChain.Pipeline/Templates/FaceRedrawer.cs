using System.Diagnostics;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Pipeline.Engines;
using FaceChain.Vision;
using FaceChain.Vision.Templates;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Pipeline.Templates;

/// <summary>
/// One redraw step, host-agnostic (the RedrawFace activity and the GPU worker both run it): the source image (EXIF-oriented)
/// → the target face's working crop with every other pinned face blacked out → its inpainting mask → blended-latent
/// image-to-image with the person's face tokens → paste-back through the feathered mask at the template's resolution.
/// </summary>
public sealed class FaceRedrawer(IImageGenerator generator, SafeImageLoader loader)
{
    // Intermediate and final images are read back a few times at most: fast zlib, lossless either way.
    private static readonly PngEncoder FastPng = new() { CompressionLevel = PngCompressionLevel.BestSpeed };

    public IImageGenerator Generator => generator;

    public async Task<FaceRedraw> RedrawAsync(
        byte[] source, IReadOnlyList<FaceSummary> pinnedFaces, int faceIndex, FaceTokens face, RedrawSettings settings, ulong seed,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(pinnedFaces);
        ArgumentNullException.ThrowIfNull(settings);
        var clock = Stopwatch.StartNew();
        using var template = loader.Load(source);
        var faces = pinnedFaces
            .Select(f => new DetectedFace(new FaceBox(f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height), [.. f.Landmarks.Select(p => new PointF2(p.X, p.Y))], 1f, f.Index))
            .ToList();
        var region = TemplateRegion.For(template.Width, template.Height, faces, faceIndex);
        using var crop = TemplateCrop.Cut(template, region, settings.Size);
        var mask = FaceInpaintMask.Build(region, settings.Size);
        var cropMaskMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        var generated = await generator.GenerateAsync(new ImageGenerationRequest(
            settings.Prompt, settings.NegativePrompt, face, settings.FaceScale, settings.Size, settings.Size, settings.Steps,
            settings.GuidanceScale, settings.Sampler, seed, Source: new ImageToImage(crop, settings.Strength) { Mask = mask }), cancellationToken);
        var denoiseMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        using var redrawn = Image.Load<Rgb24>(generated.Png);
        TemplatePaste.Paste(template, redrawn, region, TemplatePaste.Alpha(region, mask, settings.Size));
        using var png = new MemoryStream();
        await template.SaveAsPngAsync(png, FastPng, cancellationToken);
        var pasteMs = clock.Elapsed.TotalMilliseconds;
        var box = pinnedFaces.First(f => f.Index == faceIndex).Box;
        return new FaceRedraw(png.ToArray(), box, generated.ModelTime, cropMaskMs, denoiseMs, pasteMs);
    }
}
