using FaceChain.Diffusion.Noise;
using FaceChain.Inference;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Styles;
using FaceChain.Pipeline.Templates;
using FaceChain.Testing;
using FaceChain.TinyModels;
using FaceChain.Vision;
using FaceChain.Vision.Templates;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Pipeline.Tests;

/// <summary>
/// One template redraw step on real ONNX Runtime and the tiny random set (which has OpenPose and Canny ControlNets): which
/// passes run, with which control images and scales, and the pixel guarantees with every stage on.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class FaceRedrawerTests(PipelineFixture fixture)
{
    private const int FaceIndex = 3;

    private static RedrawSettings Settings(int size) =>
        new(size, 4, 5f, GenerationSettings.DefaultSampler, 0.55f, 0.6f, TemplatePrompts.Prompt, TemplatePrompts.NegativePrompt);

    private FaceTokens Tokens()
    {
        var face = fixture.ModelSet.Manifest.Face;
        return new FaceTokens(new float[face.TokenCount * face.HiddenSize], face.TokenCount, face.HiddenSize);
    }

    [Fact]
    public async Task With_openpose_and_canny_every_pass_gets_facts_controls_and_the_refine_runs_at_strength_0_1()
    {
        var template = await File.ReadAllBytesAsync(SharedAssets.GroupOfFive);
        var pinned = fixture.Faces.Detect(template).Faces;
        var recorder = new RecordingImageGenerator(fixture.Generator);
        var redrawer = new FaceRedrawer(recorder, new SafeImageLoader(), fixture.Faces);

        var redraw = await redrawer.RedrawAsync(template, pinned, FaceIndex, Tokens(), Settings(64), 77);

        var requests = recorder.Requests;
        Assert.Equal(3, requests.Count);
        var (reference, inpaint, refine) = (requests[0], requests[1], requests[2]);

        // Reference portrait: text-to-image in the template face's pose, FACT's guidance 5 and face scale 0.5.
        Assert.Null(reference.Source);
        Assert.Equal((5f, 0.5f, SeedSequence.Derive(77, 1)), (reference.GuidanceScale, reference.FaceScale, reference.Seed));
        var pose = Assert.Single(reference.ControlNets!);
        Assert.Equal(("openpose", 1f), (pose.Name, pose.Scale));
        // A random-weight set draws no face, so the inpaint starts from the template's own face.
        Assert.Equal(ReferencePortraitOutcome.NoFaceFound, redraw.ReferencePortrait);

        // Inpaint: the job's strength and seed, face landmarks at 1.0 and the face-blanked Canny of the crop at 0.2.
        Assert.Equal((0.6f, 77UL), (inpaint.Source!.Strength, inpaint.Seed));
        Assert.Equal([("openpose", 1f), ("canny", 0.2f)], inpaint.ControlNets!.Select(c => (c.Name, c.Scale)));
        using var templateImage = new SafeImageLoader().Load(template);
        var region = TemplateRegion.For(templateImage.Width, templateImage.Height, [.. pinned.Select(Detected)], FaceIndex);
        using var crop = TemplateCrop.Cut(templateImage, region, 64);
        var expectedEdges = CannyEdges.Detect(crop);
        var blank = FaceInpaintMask.Grown(region, 64, 0, 0.05);
        var sentEdges = Channel(inpaint.ControlNets![1].Png);
        Assert.Contains(sentEdges, e => e == 255);
        for (var i = 0; i < sentEdges.Length; i++)
        {
            Assert.Equal(blank[i] > 0 ? 0 : expectedEdges[i], sentEdges[i]);
        }

        var landmarks = Channel(inpaint.ControlNets![0].Png);
        var nose = region.ToCrop(new PointF2(pinned[FaceIndex].Landmarks[2].X, pinned[FaceIndex].Landmarks[2].Y), 64);
        Assert.Equal(255, landmarks[((int)nose.Y * 64) + (int)nose.X]);

        // Refine: strength 0.1 on the inpainted crop, both ControlNets at 0.8, its own seed.
        Assert.Equal((0.1f, SeedSequence.Derive(77, 2)), (refine.Source!.Strength, refine.Seed));
        Assert.Equal([("openpose", 0.8f), ("canny", 0.8f)], refine.ControlNets!.Select(c => (c.Name, c.Scale)));
        Assert.NotNull(refine.Source.Mask);
        // The random-weight inpaint draws no face to re-detect, so the refine falls back on the inpaint's landmarks.
        Assert.Equal(RefineLandmarks.InpaintLandmarks, redraw.RefineLandmarks);
        Assert.Equal(inpaint.ControlNets![0].Png, refine.ControlNets![0].Png);

        Assert.Equal(
            [(RedrawPass.ReferencePortrait, "openpose", 1f), (RedrawPass.Inpaint, "openpose", 1f), (RedrawPass.Inpaint, "canny", 0.2f),
             (RedrawPass.Refine, "openpose", 0.8f), (RedrawPass.Refine, "canny", 0.8f)],
            redraw.Controls.Select(c => (c.Pass, c.ControlNet, c.Scale)));
        Assert.True(redraw.ReferencePortraitMs > 0 && redraw.RefineMs > 0 && redraw.DenoiseMs > 0);
    }

    [Fact]
    public async Task A_set_without_controlnets_gets_no_reference_portrait_and_no_control_images()
    {
        var folder = Path.Combine(fixture.Root, "no-controlnets-" + Guid.NewGuid().ToString("N")[..8]);
        TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Seed = 3, ControlNets = [] });
        using var sessions = new OnnxSessionCache(new InferenceOptions());
        using var plain = new InProcessImageGenerator(new ModelSetProvider(
            new ModelSetOptions { Folder = folder, CacheRoot = fixture.ModelSetOptions.CacheRoot, TokenizerFolder = SharedAssets.TokenizerFolder }, sessions));
        var recorder = new RecordingImageGenerator(plain);
        var template = await File.ReadAllBytesAsync(SharedAssets.GroupOfFive);
        var pinned = fixture.Faces.Detect(template).Faces;

        var redraw = await new FaceRedrawer(recorder, new SafeImageLoader(), fixture.Faces).RedrawAsync(template, pinned, FaceIndex, Tokens(), Settings(64), 5);

        Assert.Equal([0.6f, 0.1f], recorder.Requests.Select(r => r.Source!.Strength));
        Assert.All(recorder.Requests, r => Assert.Empty(r.ControlNets!));
        Assert.Equal(ReferencePortraitOutcome.Skipped, redraw.ReferencePortrait);
        Assert.Empty(redraw.Controls);
        Assert.Equal(0, redraw.ReferencePortraitMs);
        Assert.Equal(RefineLandmarks.NotUsed, redraw.RefineLandmarks);
    }

    [Fact]
    public async Task The_refine_draws_its_landmarks_from_the_face_the_inpaint_drew_not_the_one_it_was_steered_onto()
    {
        const int size = 256;
        var template = await File.ReadAllBytesAsync(SharedAssets.GroupOfFive);
        var pinned = fixture.Faces.Detect(template).Faces;
        var shifted = ShiftedFacePng(size);
        var recorder = new RecordingImageGenerator(new FixedInpaint(fixture.Generator, shifted));

        var redraw = await new FaceRedrawer(recorder, new SafeImageLoader(), fixture.Faces).RedrawAsync(template, pinned, FaceIndex, Tokens(), Settings(size), 11);

        Assert.Equal(RefineLandmarks.Redetected, redraw.RefineLandmarks);
        var (inpaint, refine) = (recorder.Requests[1], recorder.Requests[2]);
        var drawn = fixture.Faces.Detect(shifted).Chosen.Landmarks.Select(p => new PointF2(p.X, p.Y)).ToList();
        var expected = Channel(PngOf(FaceLandmarkControl.Render(drawn, size, size)));
        var sent = Channel(refine.ControlNets!.Single(c => c.Name == "openpose").Png);
        Assert.Equal(expected, sent);
        // The shifted face sits well away from the template face, so following it changed the control image.
        Assert.NotEqual(Channel(inpaint.ControlNets!.Single(c => c.Name == "openpose").Png), sent);
        var nose = drawn[2];
        Assert.Equal(255, sent[((int)nose.Y * size) + (int)nose.X]);
    }

    [Fact]
    public async Task With_two_faces_on_the_inpainted_crop_the_refine_follows_the_one_nearest_the_template_face()
    {
        const int size = 256;
        var template = await File.ReadAllBytesAsync(SharedAssets.GroupOfFive);
        var pinned = fixture.Faces.Detect(template).Faces;
        var twoFaces = TwoFacesPng(size);
        var recorder = new RecordingImageGenerator(new FixedInpaint(fixture.Generator, twoFaces));

        var redraw = await new FaceRedrawer(recorder, new SafeImageLoader(), fixture.Faces).RedrawAsync(template, pinned, FaceIndex, Tokens(), Settings(size), 13);

        using var templateImage = new SafeImageLoader().Load(template);
        var region = TemplateRegion.For(templateImage.Width, templateImage.Height, [.. pinned.Select(Detected)], FaceIndex);
        var box = pinned[FaceIndex].Box;
        var centre = region.ToCrop(new PointF2(box.X + (box.Width / 2), box.Y + (box.Height / 2)), size);
        var found = fixture.Faces.Detect(twoFaces).Faces;
        Assert.Equal(2, found.Count);
        var byDistance = found.OrderBy(f => Math.Pow(f.Box.X + (f.Box.Width / 2) - centre.X, 2) + Math.Pow(f.Box.Y + (f.Box.Height / 2) - centre.Y, 2)).ToList();
        var sent = Channel(recorder.Requests[2].ControlNets!.Single(c => c.Name == "openpose").Png);
        Assert.Equal(RefineLandmarks.Redetected, redraw.RefineLandmarks);
        Assert.Equal(Channel(PngOf(FaceLandmarkControl.Render([.. byDistance[0].Landmarks.Select(p => new PointF2(p.X, p.Y))], size, size))), sent);
        Assert.NotEqual(Channel(PngOf(FaceLandmarkControl.Render([.. byDistance[1].Landmarks.Select(p => new PointF2(p.X, p.Y))], size, size))), sent);
    }

    [Fact]
    public async Task Without_a_face_on_the_inpainted_crop_the_refine_reuses_the_inpaint_landmarks_and_says_so()
    {
        const int size = 128;
        var template = await File.ReadAllBytesAsync(SharedAssets.GroupOfFive);
        var pinned = fixture.Faces.Detect(template).Faces;
        using var grey = new Image<Rgb24>(size, size, new Rgb24(128, 128, 128));
        var recorder = new RecordingImageGenerator(new FixedInpaint(fixture.Generator, PngOf(grey.Clone())));

        var redraw = await new FaceRedrawer(recorder, new SafeImageLoader(), fixture.Faces).RedrawAsync(template, pinned, FaceIndex, Tokens(), Settings(size), 12);

        Assert.Equal(RefineLandmarks.InpaintLandmarks, redraw.RefineLandmarks);
        Assert.Equal(recorder.Requests[1].ControlNets!.Single(c => c.Name == "openpose").Png,
            recorder.Requests[2].ControlNets!.Single(c => c.Name == "openpose").Png);
    }

    [Fact]
    public async Task A_reference_face_is_warped_onto_the_crop_inside_the_mask_and_the_output_changes_only_where_pasted()
    {
        const int size = 128;
        var template = await File.ReadAllBytesAsync(SharedAssets.GroupOfFive);
        var pinned = fixture.Faces.Detect(template).Faces;
        var portraits = new PortraitForTextToImage(fixture.Generator, ReferencePortraitPng(size));
        var recorder = new RecordingImageGenerator(portraits);

        var redraw = await new FaceRedrawer(recorder, new SafeImageLoader(), fixture.Faces).RedrawAsync(template, pinned, FaceIndex, Tokens(), Settings(size), 9);

        Assert.Equal(ReferencePortraitOutcome.Warped, redraw.ReferencePortrait);
        using var templateImage = new SafeImageLoader().Load(template);
        var region = TemplateRegion.For(templateImage.Width, templateImage.Height, [.. pinned.Select(Detected)], FaceIndex);
        using var crop = TemplateCrop.Cut(templateImage, region, size);
        var mask = FaceInpaintMask.Build(region, size);
        var start = portraits.Starts[0];
        var changed = 0;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (start[x, y] != crop[x, y])
                {
                    Assert.True(mask[(y * size) + x] > 0, $"the reference face reached ({x}, {y}), outside the mask");
                    changed++;
                }
            }
        }

        Assert.True(changed > size * size / 20, $"the reference face changed only {changed} crop pixels");

        // The pixel guarantees hold with every stage on: outside the paste alpha the template, bit for bit.
        using var output = Image.Load<Rgb24>(redraw.Png);
        var alpha = TemplatePaste.Alpha(region, mask, size);
        var pasted = 0;
        for (var y = 0; y < templateImage.Height; y++)
        {
            for (var x = 0; x < templateImage.Width; x++)
            {
                var inside = x >= region.Left && x < region.Left + region.Side && y >= region.Top && y < region.Top + region.Side
                    && alpha[((y - region.Top) * region.Side) + (x - region.Left)] > 0;
                if (!inside)
                {
                    Assert.Equal(templateImage[x, y], output[x, y]);
                }
                else if (templateImage[x, y] != output[x, y])
                {
                    pasted++;
                }
            }
        }

        Assert.True(pasted > 0);
    }

    private static DetectedFace Detected(FaceSummary f) =>
        new(new FaceBox(f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height), [.. f.Landmarks.Select(p => new PointF2(p.X, p.Y))], 1f, f.Index);

    /// <summary>The first channel of a control image PNG (they are grey or white-on-black).</summary>
    private static byte[] Channel(byte[] png)
    {
        using var image = Image.Load<Rgb24>(png);
        var values = new byte[image.Width * image.Height];
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                values[(y * image.Width) + x] = image[x, y].R;
            }
        }

        return values;
    }

    /// <summary>A real portrait shrunk to 60 % and placed in the upper right of a grey square, its face well off the centre.</summary>
    private byte[] ShiftedFacePng(int size)
    {
        using var portrait = Image.Load<Rgb24>(ReferencePortraitPng(size * 3 / 5));
        var canvas = new Image<Rgb24>(size, size, new Rgb24(128, 128, 128));
        canvas.Mutate(c => c.DrawImage(portrait, new Point(size - portrait.Width, 0), 1f));
        return PngOf(canvas);
    }

    /// <summary>The same portrait at half size twice, in the upper-left and lower-right corners of a grey square.</summary>
    private byte[] TwoFacesPng(int size)
    {
        using var portrait = Image.Load<Rgb24>(ReferencePortraitPng(size / 2));
        var canvas = new Image<Rgb24>(size, size, new Rgb24(128, 128, 128));
        canvas.Mutate(c => c.DrawImage(portrait, new Point(0, 0), 1f).DrawImage(portrait, new Point(size - portrait.Width, size - portrait.Height), 1f));
        return PngOf(canvas);
    }

    /// <summary>Encodes and disposes an image.</summary>
    private static byte[] PngOf(Image<Rgb24> image)
    {
        using (image)
        {
            using var png = new MemoryStream();
            image.SaveAsPng(png);
            return png.ToArray();
        }
    }

    /// <summary>A real portrait cut square around its face (the face ~70 % of the side), as a reference render would frame it.</summary>
    private byte[] ReferencePortraitPng(int size)
    {
        using var photo = new SafeImageLoader().Load(SharedAssets.SinglePortraits[0]);
        var face = fixture.Faces.Detect(File.ReadAllBytes(SharedAssets.SinglePortraits[0])).Chosen.Box;
        var side = (int)(Math.Max(face.Width, face.Height) / 0.7);
        var left = Math.Clamp((int)(face.X + (face.Width / 2) - (side / 2)), 0, photo.Width - side);
        var top = Math.Clamp((int)(face.Y + (face.Height / 2) - (side / 2)), 0, photo.Height - side);
        photo.Mutate(c => c.Crop(new Rectangle(left, top, side, side)).Resize(size, size));
        using var png = new MemoryStream();
        photo.SaveAsPng(png);
        return png.ToArray();
    }

    /// <summary>
    /// No model runs: the reference portrait is plain grey (no face), the inpaint returns <paramref name="inpainted"/> and
    /// the refine its start unchanged; only the set's ControlNet names come from the real generator.
    /// </summary>
    private sealed class FixedInpaint(IImageGenerator inner, byte[] inpainted) : IImageGenerator
    {
        private int _imageToImageCalls;

        public string ModelSetName => inner.ModelSetName;

        public int AlignedFaceSize => inner.AlignedFaceSize;

        public Task<IReadOnlySet<string>> ControlNetNamesAsync(CancellationToken cancellationToken = default) => inner.ControlNetNamesAsync(cancellationToken);

        public Task<FaceTokens> EncodeFaceAsync(Image<Rgb24> alignedCrop, CancellationToken cancellationToken = default) =>
            inner.EncodeFaceAsync(alignedCrop, cancellationToken);

        public Task<GeneratedImage> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(request);
            var png = request.Source is null
                ? PngOf(new Image<Rgb24>(request.Width, request.Height, new Rgb24(128, 128, 128)))
                : _imageToImageCalls++ == 0 ? inpainted : PngOf(request.Source.Image.Clone());
            return Task.FromResult(new GeneratedImage(png, TimeSpan.FromMilliseconds(1)));
        }
    }

    /// <summary>
    /// The real generator, except that text-to-image (the reference portrait) returns a real photo of a face; keeps a copy
    /// of every image-to-image start (the redrawer disposes its crops).
    /// </summary>
    private sealed class PortraitForTextToImage(IImageGenerator inner, byte[] portrait) : IImageGenerator
    {
        public List<Image<Rgb24>> Starts { get; } = [];

        public string ModelSetName => inner.ModelSetName;

        public int AlignedFaceSize => inner.AlignedFaceSize;

        public Task<IReadOnlySet<string>> ControlNetNamesAsync(CancellationToken cancellationToken = default) => inner.ControlNetNamesAsync(cancellationToken);

        public Task<FaceTokens> EncodeFaceAsync(Image<Rgb24> alignedCrop, CancellationToken cancellationToken = default) =>
            inner.EncodeFaceAsync(alignedCrop, cancellationToken);

        public Task<GeneratedImage> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(request);
            if (request.Source is null)
            {
                return Task.FromResult(new GeneratedImage(portrait, TimeSpan.FromMilliseconds(1)));
            }

            Starts.Add(request.Source.Image.Clone());
            return inner.GenerateAsync(request, cancellationToken);
        }
    }
}
