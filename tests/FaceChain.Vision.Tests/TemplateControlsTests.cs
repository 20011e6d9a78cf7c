using FaceChain.Testing;
using FaceChain.Vision.Pose;
using FaceChain.Vision.Templates;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Tests;

/// <summary>The template redraw's control images (Canny edges, face landmarks, face pose) and the reference-face warp.</summary>
public sealed class TemplateControlsTests(VisionFixture fixture) : IClassFixture<VisionFixture>
{
    [Fact]
    public void Canny_marks_a_sharp_vertical_step_on_exactly_one_column()
    {
        using var image = new Image<Rgb24>(32, 24, new Rgb24(0, 0, 0));
        for (var y = 0; y < 24; y++)
        {
            for (var x = 10; x < 32; x++)
            {
                image[x, y] = new Rgb24(255, 255, 255);
            }
        }

        var edges = CannyEdges.Detect(image);

        // Columns 9 and 10 share the gradient 4·255; OpenCV's tie rule (strictly above the left, at least the right) keeps 9.
        for (var y = 0; y < 24; y++)
        {
            for (var x = 0; x < 32; x++)
            {
                Assert.True((edges[(y * 32) + x] == 255) == (x == 9), $"edge at ({x}, {y}) is {edges[(y * 32) + x]}");
            }
        }
    }

    [Fact]
    public void Canny_keeps_weak_edges_only_where_they_connect_to_strong_ones()
    {
        // Column 10: a strong step (60 → gradient 240 > 200) in the top half, a weak one (40 → 160, between 100 and 200)
        // in the bottom half, touching it. Column 30: a weak step alone (from x = 20 on, rows no longer differ).
        using var image = new Image<Rgb24>(40, 20);
        for (var y = 0; y < 20; y++)
        {
            for (var x = 0; x < 40; x++)
            {
                var value = (x < 10 ? 0 : x < 20 && y < 10 ? 60 : 40) + (x >= 30 ? 40 : 0);
                image[x, y] = new Rgb24((byte)value, (byte)value, (byte)value);
            }
        }

        var edges = CannyEdges.Detect(image);

        bool RowHasEdgeNear(int y, int column) => Enumerable.Range(column - 2, 4).Any(x => edges[(y * 40) + x] == 255);
        Assert.All(Enumerable.Range(0, 20), y => Assert.True(RowHasEdgeNear(y, 10), $"row {y} lost the step at column 10"));
        Assert.All(Enumerable.Range(0, 20), y => Assert.False(RowHasEdgeNear(y, 30), $"row {y} kept the lone weak step"));
    }

    [Fact]
    public void Canny_of_a_synthetic_picture_equals_opencv_pixel_for_pixel()
    {
        using var image = SyntheticPicture();

        var edges = CannyEdges.Detect(image, 100, 200);

        var actual = Enumerable.Range(0, image.Height)
            .Select(y => new string([.. Enumerable.Range(0, image.Width).Select(x => edges[(y * image.Width) + x] == 255 ? '#' : '.')]))
            .ToArray();
        Assert.Equal(OpenCvEdges, actual);
    }

    [Fact]
    public void Canny_control_image_is_the_edge_map_in_all_three_channels()
    {
        byte[] edges = [0, 255, 255, 0];
        using var image = CannyEdges.ToImage(edges, 2, 2);
        Assert.Equal(new Rgb24(0, 0, 0), image[0, 0]);
        Assert.Equal(new Rgb24(255, 255, 255), image[1, 0]);
        Assert.Equal(new Rgb24(255, 255, 255), image[0, 1]);
    }

    [Fact]
    public void Face_landmarks_are_white_dots_of_radius_3_on_black()
    {
        using var image = FaceLandmarkControl.Render([new PointF2(10.7f, 10.2f), new PointF2(30, 12)], 48, 32);

        var white = new Rgb24(255, 255, 255);
        Assert.Equal(white, image[10, 10]);
        Assert.Equal(white, image[13, 10]);       // radius 3 around the truncated centre (10, 10)
        Assert.Equal(default, image[14, 10]);
        Assert.Equal(default, image[13, 13]);     // 3² + 3² > 9: outside the disc
        Assert.Equal(white, image[30, 15]);
        var lit = 0;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (var p in rows.GetRowSpan(y))
                {
                    Assert.True(p == white || p == default, $"unexpected colour {p}");
                    lit += p == white ? 1 : 0;
                }
            }
        });
        Assert.Equal(2 * 29, lit);                // a radius-3 integer disc has 29 pixels
    }

    [Fact]
    public void Face_pose_is_the_openpose_head_nose_and_eyes_in_their_colours()
    {
        PointF2[] landmarks = [new(20, 20), new(40, 20), new(30, 30), new(22, 40), new(38, 40)];

        var skeleton = FacePoseControl.Skeleton(landmarks);
        using var image = FacePoseControl.Render(landmarks, 64, 64);

        Assert.Equal(3, skeleton.Points.Count(p => p is not null));
        Assert.Equal(new PoseKeypoint(30, 30, 1f), skeleton.Points[0]);   // nose
        Assert.Equal(new PoseKeypoint(20, 20, 1f), skeleton.Points[14]);  // the person's right eye = the image-left one
        Assert.Equal(new PoseKeypoint(40, 20, 1f), skeleton.Points[15]);
        Assert.Equal(OpenPoseRenderer.Colors[0], image[30, 30]);
        Assert.Equal(OpenPoseRenderer.Colors[14], image[20, 20]);
        Assert.Equal(OpenPoseRenderer.Colors[15], image[40, 20]);
        Assert.Equal(default, image[30, 50]);                            // no body below the face
    }

    [Fact]
    public void Reference_face_lands_on_the_target_landmarks_and_only_inside_the_mask()
    {
        using var portrait = new SafeImageLoader().Load(SharedAssets.SinglePortraits[0]);
        var face = FaceAnalyzer.Best(fixture.Analyzer.Analyze(portrait)).Face;
        // The target: the same face at 60 % of its size, turned 10°, moved, in a 160-pixel grey crop.
        var (cos, sin) = (Math.Cos(Math.PI / 18) * 0.6, Math.Sin(Math.PI / 18) * 0.6);
        var placement = new SimilarityTransform(cos, sin, 80 - ((cos * face.Box.CenterX) - (sin * face.Box.CenterY)), 80 - ((sin * face.Box.CenterX) + (cos * face.Box.CenterY)));
        var target = face.Landmarks.Select(placement.Apply).ToList();
        using var crop = new Image<Rgb24>(160, 160, new Rgb24(128, 128, 128));
        using var before = crop.Clone();
        var mask = new float[160 * 160];
        for (var y = 60; y < 110; y++)
        {
            for (var x = 50; x < 110; x++)
            {
                mask[(y * 160) + x] = y < 65 ? 0.5f : 1f;
            }
        }

        var (warped, changed) = ReferenceFaceWarp.Apply(crop, mask, portrait, face.Box, face.Landmarks, target);

        Assert.True(changed > 1000, $"only {changed} pixels took the reference face");
        for (var i = 0; i < 5; i++)
        {
            Assert.InRange(warped[i].X - target[i].X, -0.01, 0.01);
            Assert.InRange(warped[i].Y - target[i].Y, -0.01, 0.01);
        }

        for (var y = 0; y < 160; y++)
        {
            for (var x = 0; x < 160; x++)
            {
                if (mask[(y * 160) + x] == 0)
                {
                    Assert.Equal(before[x, y], crop[x, y]);
                }
            }
        }

        // The nose pixel of the crop is the portrait's nose pixel (bilinear, at full mask).
        var nose = target[2];
        var source = face.Landmarks[2];
        var expected = portrait[(int)MathF.Round(source.X), (int)MathF.Round(source.Y)];
        var actual = crop[(int)MathF.Round(nose.X), (int)MathF.Round(nose.Y)];
        Assert.InRange(Math.Abs(expected.R - actual.R) + Math.Abs(expected.G - actual.G) + Math.Abs(expected.B - actual.B), 0, 90);
    }

    [Fact]
    public void Grown_face_keeps_the_raw_box_above_the_eyes_and_grows_below_them()
    {
        // Square side 200 template pixels at (400, 400), generation size 100: scale 0.5, the 140² box is (15..85)² in the
        // crop and the eye line (template y 480) crop row 40.
        var region = new TemplateRegion(1000, 1000, new FaceBox(430, 430, 140, 140), 480, []);
        Assert.Equal((100, 400, 400), (region.Half, region.Left, region.Top));
        Assert.Equal(new PointF2(15, 15), region.ToCrop(new PointF2(430, 430), 100));

        var mask = FaceInpaintMask.Grown(region, 100, 0, 0.1);

        // √area = 70 → below the eye line the box grows by int(7) = 7 pixels, above it not at all.
        bool On(int x, int y) => mask[(y * 100) + x] == 1f;
        Assert.True(On(15, 20) && On(84, 20) && !On(14, 20) && !On(85, 20));   // above the eyes: the raw box
        Assert.True(On(8, 60) && On(91, 60) && !On(7, 60) && !On(92, 60));     // below: 7 pixels wider each side
        Assert.True(On(50, 91) && !On(50, 92));                                 // and 7 below the box
        Assert.True(On(50, 15) && !On(50, 14));                                 // never above the box
        Assert.All(mask, v => Assert.True(v is 0f or 1f));
    }

    /// <summary>A 40×30 picture with a disc, a rectangle, wrapping ramps and a faint texture (OpenCV's edges below).</summary>
    private static Image<Rgb24> SyntheticPicture()
    {
        var image = new Image<Rgb24>(40, 30);
        for (var y = 0; y < 30; y++)
        {
            for (var x = 0; x < 40; x++)
            {
                var r = ((x - 20) * (x - 20)) + ((y - 15) * (y - 15)) < 64 ? 220 : ((x * 5) + (y * 2)) % 256;
                var g = x >= 28 && y >= 5 && y < 25 ? 30 : 120 + ((x * y) % 37);
                var b = ((x + (2 * y)) % 7) * 10;
                image[x, y] = new Rgb24((byte)r, (byte)g, (byte)b);
            }
        }

        return image;
    }

    /// <summary><c>cv2.Canny(picture, 100, 200)</c> of <see cref="SyntheticPicture"/> (RGB channel order), OpenCV 4 (Debian's python3-opencv).</summary>
    private static readonly string[] OpenCvEdges =
    [
        ".##...#.##...#.##...#.##...#.##...####..",
        "##......#......#......#......#......#...",
        "......#......#......#......#......#.....",
        "#...#......#......#......#..............",
        "..#......#......#......#....############",
        ".......#......#......#.....##...........",
        ".....#......#..............#............",
        "...#.#..#.#......######....#...#......##",
        "##......#.......##.....##..#........#...",
        "....#.#.......##.........#.#......#.....",
        "#...#.........#............#....#.......",
        "..#......#...#.........#...#..#......#..",
        ".......#.....#.......#......#......#...#",
        ".....#......#......#........#....#......",
        "...#......#.#....#......#..#...#......##",
        "##......#...#..#......#.....#.......#...",
        "......#.....#.......#.......#.....#.....",
        "#...#.......#.....#......#.#....#.......",
        "..#......#...#..#......#...#..#......#..",
        ".......#.....#.......#......#......#...#",
        ".....#........#....#........#....#......",
        "...#......#...##........##.#...#......##",
        "##......#......###.....##..#........#...",
        "......#......#...######....#............",
        "#...#......#.............#..#.#.........",
        "#.#......#......#......#.....#.#########",
        "#......#......#......#......#...........",
        ".....#......#......#......#......#......",
        "...#......#......#......#......#......##",
        "..##.#...##.#...##.#...##.#...##.#...##.",
    ];
}
