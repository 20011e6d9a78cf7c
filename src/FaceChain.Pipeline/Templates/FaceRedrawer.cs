using System.Diagnostics;
using FaceChain.Diffusion.Noise;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Pipeline.Engines;
using FaceChain.Vision;
using FaceChain.Vision.Templates;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Pipeline.Templates;

/// <summary>
/// One redraw step, host-agnostic (the RedrawFace activity and the GPU worker both run it), FACT's template stages on what
/// the model set has: the source image (EXIF-oriented) → the target face's working crop with every other pinned face
/// blacked out → its inpainting mask → with an OpenPose ControlNet and a face detector, a reference portrait of the person
/// in the template face's pose whose face is warped onto the crop inside the mask → blended-latent inpaint with the
/// face-landmark (1.0) and Canny (0.2) ControlNets the set has → refine pass at strength 0.1 over the tighter face (both
/// ControlNets at 0.8, its landmarks re-detected on the inpainted crop where a detector finds a face) → paste-back through the feathered mask at the template's resolution.
/// </summary>
public sealed class FaceRedrawer(IImageGenerator generator, SafeImageLoader loader, IFaceAnalysis? faceDetector = null)
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
        var size = settings.Size;
        using var template = loader.Load(source);
        var faces = pinnedFaces
            .Select(f => new DetectedFace(new FaceBox(f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height), [.. f.Landmarks.Select(p => new PointF2(p.X, p.Y))], 1f, f.Index))
            .ToList();
        var region = TemplateRegion.For(template.Width, template.Height, faces, faceIndex);
        using var crop = TemplateCrop.Cut(template, region, size);
        var mask = FaceInpaintMask.Build(region, size);
        var targetFace = faces.First(f => f.Index == faceIndex);
        var landmarks = (IReadOnlyList<PointF2>)[.. targetFace.Landmarks.Select(p => region.ToCrop(p, size))];
        var controlNets = await generator.ControlNetNamesAsync(cancellationToken);
        var hasOpenPose = controlNets.Contains(RedrawStages.OpenPose) && landmarks.Count >= 5;
        var hasCanny = controlNets.Contains(RedrawStages.Canny);
        // FACT takes the inpaint's edges from the template crop before the reference face is warped on, blank over the face.
        var cannyPng = hasCanny ? CannyControl(crop, FaceInpaintMask.Grown(region, size, 0, RedrawStages.CannyBlankBelowEyes)) : null;
        var cropMaskMs = clock.Elapsed.TotalMilliseconds;

        var modelTime = TimeSpan.Zero;
        var used = new List<RedrawControl>();
        var reference = ReferencePortraitOutcome.Skipped;
        var referenceMs = 0d;
        if (hasOpenPose && settings.ReferencePortrait && faceDetector is not null)
        {
            clock.Restart();
            var pose = Control(RedrawPass.ReferencePortrait, RedrawStages.OpenPose, Png(FacePoseControl.Render(landmarks, size, size)),
                RedrawStages.ReferencePoseScale, used);
            var portrait = await generator.GenerateAsync(new ImageGenerationRequest(
                settings.Prompt, settings.NegativePrompt, face, RedrawStages.ReferenceFaceScale, size, size, settings.Steps,
                RedrawStages.ReferenceGuidanceScale, settings.Sampler, SeedSequence.Derive(seed, RedrawStages.ReferenceSeedIndex))
            { ControlNets = [pose] }, cancellationToken);
            modelTime += portrait.ModelTime;
            (reference, landmarks) = WarpReference(crop, mask, portrait.Png, landmarks);
            referenceMs = clock.Elapsed.TotalMilliseconds;
        }

        clock.Restart();
        var inpaintControls = new List<ControlImage>();
        if (hasOpenPose)
        {
            inpaintControls.Add(Control(RedrawPass.Inpaint, RedrawStages.OpenPose, Png(FaceLandmarkControl.Render(landmarks, size, size)),
                RedrawStages.InpaintLandmarkScale, used));
        }

        if (cannyPng is not null)
        {
            inpaintControls.Add(Control(RedrawPass.Inpaint, RedrawStages.Canny, cannyPng, RedrawStages.InpaintCannyScale, used));
        }

        var inpainted = await generator.GenerateAsync(new ImageGenerationRequest(
            settings.Prompt, settings.NegativePrompt, face, settings.FaceScale, size, size, settings.Steps,
            settings.GuidanceScale, settings.Sampler, seed, Source: new ImageToImage(crop, settings.Strength) { Mask = mask })
        { ControlNets = inpaintControls }, cancellationToken);
        modelTime += inpainted.ModelTime;
        var denoiseMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        using var inpaintedImage = Image.Load<Rgb24>(inpainted.Png);
        var refineControls = new List<ControlImage>();
        var refineLandmarks = RefineLandmarks.NotUsed;
        if (hasOpenPose)
        {
            // As FACT does, the refine follows the face the inpaint actually drew, which may sit off the landmarks it was
            // steered onto; with no detector, or no face found on the crop, those landmarks are the best left.
            var target = region.ToCrop(new PointF2(targetFace.Box.X + (targetFace.Box.Width / 2), targetFace.Box.Y + (targetFace.Box.Height / 2)), size);
            var redetected = RedetectLandmarks(inpainted.Png, target);
            refineLandmarks = redetected is null ? RefineLandmarks.InpaintLandmarks : RefineLandmarks.Redetected;
            refineControls.Add(Control(RedrawPass.Refine, RedrawStages.OpenPose, Png(FaceLandmarkControl.Render(redetected ?? landmarks, size, size)),
                RedrawStages.RefineLandmarkScale, used));
        }

        if (hasCanny)
        {
            // Unlike the inpaint's, the refine's edges are the inpainted crop's own, face included.
            var edges = Png(CannyEdges.ToImage(CannyEdges.Detect(inpaintedImage), size, size));
            refineControls.Add(Control(RedrawPass.Refine, RedrawStages.Canny, edges, RedrawStages.RefineCannyScale, used));
        }

        var refined = await generator.GenerateAsync(new ImageGenerationRequest(
            settings.Prompt, settings.NegativePrompt, face, settings.FaceScale, size, size, settings.Steps, settings.GuidanceScale,
            settings.Sampler, SeedSequence.Derive(seed, RedrawStages.RefineSeedIndex),
            Source: new ImageToImage(inpaintedImage, RedrawStages.RefineStrength) { Mask = FaceInpaintMask.Grown(region, size, RedrawStages.RefineGrowth, RedrawStages.RefineGrowth) })
        { ControlNets = refineControls }, cancellationToken);
        modelTime += refined.ModelTime;
        var refineMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        using var redrawn = Image.Load<Rgb24>(refined.Png);
        TemplatePaste.Paste(template, redrawn, region, TemplatePaste.Alpha(region, mask, size));
        using var png = new MemoryStream();
        await template.SaveAsPngAsync(png, FastPng, cancellationToken);
        var pasteMs = clock.Elapsed.TotalMilliseconds;
        var box = pinnedFaces.First(f => f.Index == faceIndex).Box;
        return new FaceRedraw(png.ToArray(), box, modelTime, cropMaskMs, denoiseMs, pasteMs)
        {
            ReferencePortrait = reference,
            ReferencePortraitMs = referenceMs,
            RefineMs = refineMs,
            RefineLandmarks = refineLandmarks,
            Controls = used,
        };
    }

    /// <summary>
    /// Finds the portrait's face (the detector's chosen one) and warps it onto the crop inside the mask; its landmarks,
    /// mapped into the crop, then steer the inpaint. No face (a random-weight set draws none): the crop is left as it was.
    /// </summary>
    private (ReferencePortraitOutcome Outcome, IReadOnlyList<PointF2> Landmarks) WarpReference(
        Image<Rgb24> crop, float[] mask, byte[] portraitPng, IReadOnlyList<PointF2> templateLandmarks)
    {
        FaceSummary found;
        try
        {
            found = faceDetector!.Detect(portraitPng).Chosen;
        }
        catch (NoFaceFoundException)
        {
            return (ReferencePortraitOutcome.NoFaceFound, templateLandmarks);
        }

        if (found.Landmarks.Count < 5)
        {
            return (ReferencePortraitOutcome.NoFaceFound, templateLandmarks);
        }

        using var portrait = Image.Load<Rgb24>(portraitPng);
        var (warped, _) = ReferenceFaceWarp.Apply(crop, mask, portrait, new FaceBox(found.Box.X, found.Box.Y, found.Box.Width, found.Box.Height),
            [.. found.Landmarks.Select(p => new PointF2(p.X, p.Y))], templateLandmarks);
        return (ReferencePortraitOutcome.Warped, warped);
    }

    /// <summary>
    /// The landmarks of the face on the inpainted crop nearest <paramref name="target"/> (the template face's centre in
    /// crop pixels), or null without a detector or a face with its five landmarks.
    /// </summary>
    private IReadOnlyList<PointF2>? RedetectLandmarks(byte[] inpaintedPng, PointF2 target)
    {
        if (faceDetector is null)
        {
            return null;
        }

        IReadOnlyList<FaceSummary> found;
        try
        {
            found = faceDetector.Detect(inpaintedPng).Faces;
        }
        catch (NoFaceFoundException)
        {
            return null;
        }

        var nearest = found
            .Where(f => f.Landmarks.Count >= 5)
            .OrderBy(f => Distance(f.Box, target))
            .FirstOrDefault();
        return nearest is null ? null : [.. nearest.Landmarks.Select(p => new PointF2(p.X, p.Y))];
    }

    private static float Distance(FaceRectangle box, PointF2 point)
    {
        var dx = box.X + (box.Width / 2) - point.X;
        var dy = box.Y + (box.Height / 2) - point.Y;
        return (dx * dx) + (dy * dy);
    }

    private static byte[] CannyControl(Image<Rgb24> crop, float[] blank)
    {
        var edges = CannyEdges.Detect(crop);
        for (var i = 0; i < edges.Length; i++)
        {
            if (blank[i] > 0)
            {
                edges[i] = 0;
            }
        }

        return Png(CannyEdges.ToImage(edges, crop.Width, crop.Height));
    }

    private static ControlImage Control(RedrawPass pass, string name, byte[] png, float scale, List<RedrawControl> used)
    {
        used.Add(new RedrawControl(pass, name, scale));
        return new ControlImage(name, png, scale);
    }

    /// <summary>Encodes and disposes a control image.</summary>
    private static byte[] Png(Image<Rgb24> image)
    {
        using (image)
        {
            using var stream = new MemoryStream();
            image.SaveAsPng(stream, FastPng);
            return stream.ToArray();
        }
    }
}
