using System.Text.Json;
using FaceChain.Testing;
using FaceChain.Vision;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Cli.Tests;

public sealed class FacesCommandTests
{
    [Fact]
    public void GroupPhotoPrintsFiveFacesWithQuality()
    {
        var run = CliInvocation.Run("faces", SharedAssets.GroupOfFive, "--models", SharedAssets.ModelsFolder);
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var faces = json.RootElement.GetProperty("faces").EnumerateArray().ToList();
        Assert.Equal(5, faces.Count);
        Assert.Equal([0, 1, 2, 3, 4], faces.Select(f => f.GetProperty("index").GetInt32()));
        foreach (var face in faces)
        {
            Assert.Equal(5, face.GetProperty("landmarks").GetArrayLength());
            var quality = face.GetProperty("quality");
            Assert.True(quality.GetProperty("sharpness").GetDouble() > 0);
            Assert.InRange(quality.GetProperty("brightness").GetDouble(), 0.01, 1);
            Assert.InRange(quality.GetProperty("contrast").GetDouble(), 0.01, 1);
            Assert.True(quality.GetProperty("interOcularDistance").GetDouble() > 10);
            Assert.InRange(quality.GetProperty("yawDegrees").GetDouble(), -90, 90);
            Assert.Equal(JsonValueKind.Array, quality.GetProperty("issues").ValueKind);
            Assert.Equal(quality.GetProperty("issues").GetArrayLength() == 0, quality.GetProperty("acceptable").GetBoolean());
        }
    }

    [Fact]
    public void BlurredPhotoReportsTheBlurryIssueInJson()
    {
        using var folder = new TempFolder();
        using (var image = new SafeImageLoader().Load(SharedAssets.SinglePortraits[0]))
        {
            image.Mutate(x => x.GaussianBlur(image.Width / 80f));
            image.SaveAsPng(folder.File("blurred.png"));
        }

        var run = CliInvocation.Run("faces", folder.File("blurred.png"), "--models", SharedAssets.ModelsFolder);
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var issues = json.RootElement.GetProperty("faces")[0].GetProperty("quality").GetProperty("issues").EnumerateArray().ToList();
        var blurry = Assert.Single(issues, i => i.GetProperty("kind").GetString() == nameof(FaceQualityIssueKind.Blurry));
        Assert.StartsWith("the face is blurry", blurry.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("need ≥ ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void DrawWritesAnOrientedCopyMarkedAtTheBoxEdges()
    {
        using var folder = new TempFolder();
        var outPath = folder.File("faces.png");
        var run = CliInvocation.Run("faces", SharedAssets.GroupOfTwo, "--models", SharedAssets.ModelsFolder, "--draw", outPath);
        Assert.True(run.ExitCode == 0, run.Error);

        using var source = new SafeImageLoader().Load(SharedAssets.GroupOfTwo);
        using var drawn = Image.Load<Rgb24>(outPath);
        Assert.Equal(source.Size(), drawn.Size());

        using var json = JsonDocument.Parse(run.Output);
        var boxes = json.RootElement.GetProperty("faces").EnumerateArray().Select(f => f.GetProperty("box")).ToList();
        Assert.Equal(2, boxes.Count);
        int changedOutside = 0;
        foreach (var box in boxes)
        {
            int left = (int)MathF.Round(box.GetProperty("x").GetSingle());
            int top = (int)MathF.Round(box.GetProperty("y").GetSingle());
            int right = (int)MathF.Round(box.GetProperty("x").GetSingle() + box.GetProperty("width").GetSingle()) - 1;
            int middleY = top + (int)(box.GetProperty("height").GetSingle() / 2);
            int middleX = left + (int)(box.GetProperty("width").GetSingle() / 2);
            foreach (var (x, y) in new[] { (left, middleY), (right, middleY), (middleX, top) })
            {
                Assert.Equal(FaceOverlayRenderer.BoxColor, drawn[x, y]);
                Assert.NotEqual(source[x, y], drawn[x, y]);
            }

            // Far from any face the copy is the source, pixel for pixel.
            changedOutside += source[5, source.Height - 5].Equals(drawn[5, drawn.Height - 5]) ? 0 : 1;
        }

        Assert.Equal(0, changedOutside);
    }

    [Fact]
    public void MissingFileFailsWithOneLineMessage()
    {
        var run = CliInvocation.Run("faces", "/no/such/photo.jpg", "--models", SharedAssets.ModelsFolder);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: file not found: /no/such/photo.jpg", run.Error.Trim());
        Assert.Empty(run.Output);
    }

    [Fact]
    public void NonImageFileFailsWithClearMessageAndNoStackTrace()
    {
        using var folder = new TempFolder();
        var path = folder.File("notes.jpg");
        File.WriteAllText(path, "these are notes, not a photo");
        var run = CliInvocation.Run("faces", path, "--models", SharedAssets.ModelsFolder);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("not a supported image", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void PhotoWithoutFaceFailsWithClearMessage()
    {
        using var folder = new TempFolder();
        using (var flat = new Image<Rgb24>(320, 240, new Rgb24(90, 120, 150)))
        {
            flat.SaveAsPng(folder.File("flat.png"));
        }

        var run = CliInvocation.Run("faces", folder.File("flat.png"), "--models", SharedAssets.ModelsFolder);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: No face was found in the photo.", run.Error.Trim());
    }
}
