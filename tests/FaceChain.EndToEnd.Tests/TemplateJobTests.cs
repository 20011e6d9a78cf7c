using FaceChain.Diffusion.Noise;
using FaceChain.Hosting.Portraits;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Templates;
using FaceChain.Testing;
using FaceChain.Vision;
using Microsoft.DurableTask.Client;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.EndToEnd.Tests;

/// <summary>Template and multiTemplate jobs on the 5-face group photo through <see cref="EmbeddedPortraitHost"/> on Azurite.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class TemplateJobTests(AzuriteFixture azurite, EndToEndModels models) : IAsyncLifetime
{
    private EmbeddedPortraitHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await EmbeddedPortraitHost.StartAsync(models.StorageHost(azurite.ConnectionString, EndToEndModels.NewTaskHubName()));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static PhotoSource Photo(string path) => PhotoSource.FromBytes(File.ReadAllBytes(path));

    private static PortraitJobRequest Template(int faceIndex, PhotoSource character, int count = 1) => new()
    {
        Mode = JobMode.Template,
        TemplatePhoto = Photo(SharedAssets.GroupOfFive),
        CharacterPhoto = character,
        FaceIndex = faceIndex,
        Count = count,
        Width = 64,
        Height = 64,
        Steps = 4,
        Seed = 31,
    };

    private static PortraitJobRequest MultiTemplate(params (int Face, PhotoSource Photo)[] faces) => new()
    {
        Mode = JobMode.MultiTemplate,
        TemplatePhoto = Photo(SharedAssets.GroupOfFive),
        Faces = [.. faces.Select(f => new TemplateFaceMapping(f.Face, f.Photo))],
        Width = 64,
        Height = 64,
        Steps = 4,
        Seed = 32,
    };

    [Fact]
    public async Task Template_mode_redraws_face_3_and_leaves_every_other_face_bit_identical()
    {
        var progress = new ProgressLog();
        var done = await _host.RunJobAsync(Template(3, Photo(SharedAssets.SinglePortraits[0]), count: 2), progress, Limits.Job());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Metadata.RuntimeStatus);
        Assert.Equal(["portrait-0.png", "portrait-1.png", "result.json"], await Blobs.OutputsOf(_host.Store, done.JobId));
        var result = await _host.Store.DownloadJsonAsync<PortraitJobResult>(BlobLayout.Result(done.JobId));
        var report = result.Template!;
        Assert.Equal(5, report.FacesFound.Count);
        var person = Assert.Single(report.Faces);
        Assert.Equal(3, person.FaceIndex);
        Assert.Equal(report.FacesFound[3].Box, person.Box);
        Assert.Equal(BlobLayout.TemplateCharacterPhoto(done.JobId, 3), person.CharacterPhoto);
        Assert.Equal(PortraitJobRequest.DefaultTemplateStrength, report.Strength);
        Assert.Equal([0, 1], report.Steps.Select(s => s.Variant));
        Assert.Equal(
            [SeedSequence.Derive(SeedSequence.Derive(31, 0), 0), SeedSequence.Derive(SeedSequence.Derive(31, 1), 0)],
            report.Steps.Select(s => s.Seed));
        Assert.All(report.Steps, s => Assert.True(s.DenoiseMs > 0 && s.CropMaskMs > 0 && s.PasteMs > 0 && s.RefineMs > 0 && s.ReferencePortraitMs > 0));
        // The tiny set has OpenPose and Canny ControlNets, so every stage runs; its random portrait shows no face to warp.
        Assert.All(report.Steps, s => Assert.Equal(ReferencePortraitOutcome.NoFaceFound, s.ReferencePortrait));
        Assert.All(report.Steps, s => Assert.Equal(
            [(RedrawPass.ReferencePortrait, "openpose", 1f), (RedrawPass.Inpaint, "openpose", 1f), (RedrawPass.Inpaint, "canny", 0.2f),
             (RedrawPass.Refine, "openpose", 0.8f), (RedrawPass.Refine, "canny", 0.8f)],
            s.Controls!.Select(c => (c.Pass, c.ControlNet, c.Scale))));
        Assert.Equal(2, result.Outputs.Count);

        using var template = new SafeImageLoader().Load(SharedAssets.GroupOfFive);
        foreach (var output in result.Outputs)
        {
            using var image = Image.Load<Rgb24>(await _host.Store.DownloadAsync(output.Blob, 64 << 20));
            Assert.Equal((template.Width, template.Height), (image.Width, image.Height));
            var changed = ChangedBounds(template, image);
            Assert.NotNull(changed);
            Assert.True(Inside(changed.Value, Square(report.FacesFound[3].Box)), $"changes {changed} leave the crop square of face 3");
            foreach (var other in report.FacesFound.Where(f => f.Index != 3))
            {
                AssertBoxUnchanged(template, image, other.Box);
            }
        }

        var final = done.FinalProgress!;
        Assert.Equal((PortraitStages.Completed, 2, 2), (final.Stage, final.ImagesDone, final.ImagesTotal));
        // Progress is polled, so any snapshot may be missed; those seen name the variant and the face.
        Assert.All(progress.Reports.Select(p => p.Detail).OfType<string>(), d => Assert.Matches("^variant [12] of 2: face 1 of 1$", d));
    }

    [Fact]
    public async Task MultiTemplate_maps_three_faces_to_three_people_in_order_over_pinned_boxes()
    {
        var photos = SharedAssets.SinglePortraits;
        var request = MultiTemplate((4, Photo(photos[0])), (0, Photo(photos[1])), (2, Photo(photos[2])));
        var progress = new ProgressLog();
        var done = await _host.RunJobAsync(request, progress, Limits.Job());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Metadata.RuntimeStatus);
        var result = await _host.Store.DownloadJsonAsync<PortraitJobResult>(BlobLayout.Result(done.JobId));
        var report = result.Template!;
        Assert.Equal([4, 0, 2], report.Faces.Select(f => f.FaceIndex));
        Assert.Equal([4, 0, 2], report.Steps.Select(s => s.FaceIndex));
        Assert.Equal(3, report.Faces.Select(f => f.CharacterPhoto).Distinct().Count());
        Assert.All(report.Faces, f => Assert.Equal(report.FacesFound[f.FaceIndex].Box, f.Box));
        var details = progress.Reports.Select(p => p.Detail).OfType<string>().Distinct().ToList();
        Assert.All(details, d => Assert.Matches("^face [123] of 3$", d));
        Assert.Equal(details.Order(StringComparer.Ordinal), details);

        // Each step changes only its own face's crop square; unmapped faces never change.
        using var template = new SafeImageLoader().Load(SharedAssets.GroupOfFive);
        var previous = template.Clone();
        try
        {
            foreach (var step in report.Steps)
            {
                using var image = Image.Load<Rgb24>(await _host.Store.DownloadAsync(step.Output, 64 << 20));
                var changed = ChangedBounds(previous, image);
                Assert.NotNull(changed);
                Assert.True(Inside(changed.Value, Square(report.FacesFound[step.FaceIndex].Box)), $"step {step.Step} changed {changed}");
                previous.Dispose();
                previous = image.Clone();
            }

            using var final = Image.Load<Rgb24>(await _host.Store.DownloadAsync(result.Outputs[0].Blob, 64 << 20));
            Assert.Equal(ToArray(previous), ToArray(final));
            AssertBoxUnchanged(template, final, report.FacesFound[1].Box);
            AssertBoxUnchanged(template, final, report.FacesFound[3].Box);
        }
        finally
        {
            previous.Dispose();
        }
    }

    [Fact]
    public async Task Face_indexes_the_template_does_not_have_are_a_validation_error_listing_the_faces()
    {
        var refusal = await Assert.ThrowsAsync<JobValidationException>(() => _host.Submitter.SubmitAsync(Template(7, Photo(SharedAssets.SinglePortraits[0]))));
        var error = Assert.Single(refusal.Errors);
        Assert.Equal(("faceIndex", ValidationCodes.FaceIndexOutOfRange), (error.Field, error.Code));
        Assert.StartsWith("the template photo has no face 7: 5 face(s) found: 0 at (x ", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Instances.IdsOf(_host.Client));
    }

    [Fact]
    public async Task A_template_without_a_face_fails_the_job_saying_so()
    {
        var request = Template(0, Photo(SharedAssets.SinglePortraits[0])) with { TemplatePhoto = PhotoSource.FromBytes(TestPhotos.Gradient()) };
        var submission = await _host.Submitter.SubmitAsync(request);
        var failure = await Assert.ThrowsAsync<PortraitJobFailureException>(() => _host.WaitForJobAsync(submission.JobId, cancellationToken: Limits.Job()));
        Assert.Equal((JobFailureCode.NoFaceFound, "no face found in the template photo"), (failure.Code, failure.Reason));
        Assert.Empty(await Blobs.OutputsOf(_host.Store, submission.JobId));
    }

    [Fact]
    public async Task A_character_photo_without_a_face_fails_the_job_naming_it()
    {
        var request = MultiTemplate((1, Photo(SharedAssets.SinglePortraits[0])), (2, PhotoSource.FromBytes(TestPhotos.Gradient())));
        var submission = await _host.Submitter.SubmitAsync(request);
        var failure = await Assert.ThrowsAsync<PortraitJobFailureException>(() => _host.WaitForJobAsync(submission.JobId, cancellationToken: Limits.Job()));
        Assert.Equal("no face found in the character photo for face 2", failure.Reason);
        Assert.Empty(await Blobs.OutputsOf(_host.Store, submission.JobId));
    }

    private static (int X0, int Y0, int X1, int Y1) Square(FaceRectangle box)
    {
        var region = new Vision.Templates.TemplateRegion(int.MaxValue / 4, int.MaxValue / 4, new FaceBox(box.X, box.Y, box.Width, box.Height), box.Y, []);
        return (region.Left, region.Top, region.Left + region.Side, region.Top + region.Side);
    }

    private static bool Inside((int X0, int Y0, int X1, int Y1) inner, (int X0, int Y0, int X1, int Y1) outer) =>
        inner.X0 >= outer.X0 && inner.Y0 >= outer.Y0 && inner.X1 <= outer.X1 && inner.Y1 <= outer.Y1;

    /// <summary>The bounding box [x0, x1) × [y0, y1) of every pixel that differs, or null when none does.</summary>
    private static (int X0, int Y0, int X1, int Y1)? ChangedBounds(Image<Rgb24> before, Image<Rgb24> after)
    {
        var a = ToArray(before);
        var b = ToArray(after);
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                int x = i % before.Width, y = i / before.Width;
                (x0, y0, x1, y1) = (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x + 1), Math.Max(y1, y + 1));
            }
        }

        return x1 < 0 ? null : (x0, y0, x1, y1);
    }

    private static void AssertBoxUnchanged(Image<Rgb24> template, Image<Rgb24> image, FaceRectangle box)
    {
        for (var y = (int)box.Y; y < (int)(box.Y + box.Height); y++)
        {
            for (var x = (int)box.X; x < (int)(box.X + box.Width); x++)
            {
                Assert.Equal(template[x, y], image[x, y]);
            }
        }
    }

    private static Rgb24[] ToArray(Image<Rgb24> image)
    {
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }
}
