using FaceChain.Testing;
using FaceChain.Vision.Pose;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Tests.Pose;

/// <summary>The real BodyPix model on the shared photos; faces found by YuNet (a different model) mark where the head is.</summary>
public sealed class PoseReferenceExtractorTests(VisionFixture fixture) : IClassFixture<VisionFixture>
{
    private const int Side = 512;

    private PoseReferenceExtractor Extractor() => PoseReferenceExtractor.Create(SharedAssets.Resolver(), fixture.Sessions);

    public static TheoryData<string> PeopleFacingTheCamera() =>
    [
        SharedAssets.PoseReference,
        SharedAssets.Image("single/skimage_astronaut_eileen_collins_PD.png"),
        SharedAssets.Image("single/pexels-karolina-grabowska-4378882.jpg"),
        SharedAssets.Image("single/interfaces_cc0_028.jpg"),
    ];

    [Theory]
    [MemberData(nameof(PeopleFacingTheCamera))]
    public void Eyes_and_nose_lie_in_the_face_and_the_persons_right_is_on_the_image_left(string path)
    {
        using var extraction = Extractor().Extract(path, Side, Side);
        var face = FaceOnPaddedCanvas(path);
        var person = extraction.Person;
        var grown = new FaceBox(face.X - (face.Width * 0.2f), face.Y - (face.Height * 0.2f), face.Width * 1.4f, face.Height * 1.4f);

        foreach (var part in new[] { CocoKeypoint.Nose, CocoKeypoint.LeftEye, CocoKeypoint.RightEye })
        {
            var keypoint = person[part];
            Assert.True(keypoint.Score >= 0.5f, $"{part} score {keypoint.Score}");
            Assert.True(Inside(grown, keypoint), $"{part} at ({keypoint.X}, {keypoint.Y}) is outside the face {face}");
        }

        Assert.True(person[CocoKeypoint.RightEye].X < person[CocoKeypoint.LeftEye].X, "eyes are mirrored");
        Assert.True(person[CocoKeypoint.Nose].Y > Math.Min(person[CocoKeypoint.RightEye].Y, person[CocoKeypoint.LeftEye].Y), "nose above both eyes");
        foreach (var shoulder in new[] { CocoKeypoint.LeftShoulder, CocoKeypoint.RightShoulder })
        {
            var keypoint = person[shoulder];
            if (keypoint.Score >= 0.3f)
            {
                Assert.True(keypoint.Y > face.Y + (face.Height / 2), $"{shoulder} at y {keypoint.Y} is above the middle of the face {face}");
                Assert.True(keypoint.X >= 0 && keypoint.X < Side, $"{shoulder} at x {keypoint.X} is off the canvas");
            }
        }

        if (person[CocoKeypoint.LeftShoulder].Score >= 0.3f && person[CocoKeypoint.RightShoulder].Score >= 0.3f)
        {
            Assert.True(person[CocoKeypoint.RightShoulder].X < person[CocoKeypoint.LeftShoulder].X, "shoulders are mirrored");
        }
    }

    [Fact]
    public void Both_shoulders_are_found_on_a_half_body_photo()
    {
        using var extraction = Extractor().Extract(SharedAssets.Image("single/pexels-karolina-grabowska-4378882.jpg"), Side, Side);

        Assert.NotNull(extraction.Skeleton.Points[2]);
        Assert.NotNull(extraction.Skeleton.Points[5]);
        Assert.NotNull(extraction.Skeleton.Points[OpenPoseSkeleton.Neck]);
        Assert.True(extraction.Skeleton.Points[2]!.Value.X < extraction.Skeleton.Points[5]!.Value.X);
    }

    [Fact]
    public void The_control_image_has_each_joints_colour_at_its_centre_on_black()
    {
        using var extraction = Extractor().Extract(SharedAssets.Image("single/pexels-karolina-grabowska-4378882.jpg"), Side, Side);
        var image = extraction.ControlImage;
        var points = extraction.Skeleton.Points;
        Assert.Equal((Side, Side), (image.Width, image.Height));
        int checkedJoints = 0;
        for (int k = 0; k < points.Count; k++)
        {
            if (points[k] is not { } point)
            {
                continue;
            }

            // A later joint's circle may cover this one's centre; those are drawn over it on purpose.
            bool covered = points.Skip(k + 1).Any(p => p is { } later && Math.Abs((int)later.X - (int)point.X) <= 4 && Math.Abs((int)later.Y - (int)point.Y) <= 4);
            if (!covered)
            {
                Assert.Equal(OpenPoseRenderer.Colors[k], image[(int)point.X, (int)point.Y]);
                checkedJoints++;
            }
        }

        Assert.True(checkedJoints >= 5, $"only {checkedJoints} joints checked");
        Assert.Equal(new Rgb24(0, 0, 0), image[2, 2]);
        var palette = OpenPoseRenderer.Colors.Concat(OpenPoseRenderer.Colors.Select(c => new Rgb24((byte)(int)(c.R * 0.6), (byte)(int)(c.G * 0.6), (byte)(int)(c.B * 0.6))))
            .Append(new Rgb24(0, 0, 0)).ToHashSet();
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                foreach (var pixel in rows.GetRowSpan(y))
                {
                    Assert.Contains(pixel, palette);
                }
            }
        });
    }

    [Fact]
    public void A_photo_with_nobody_in_it_fails_with_the_no_person_reason()
    {
        var error = Assert.Throws<NoPersonFoundException>(() => Extractor().Extract(SharedAssets.NoPersonScene, Side, Side));

        Assert.Equal("no person found in the pose photo", error.Message);
    }

    [Fact]
    public void A_group_photo_reports_everyone_and_keeps_the_most_prominent_person()
    {
        using var extraction = Extractor().Extract(SharedAssets.GroupOfFive, Side, Side);

        Assert.True(extraction.PeopleFound >= 3, $"{extraction.PeopleFound} people");
        Assert.True(extraction.PeopleFound <= 6, $"{extraction.PeopleFound} people");
    }

    private FaceBox FaceOnPaddedCanvas(string path)
    {
        using var photo = new SafeImageLoader().Load(path);
        using var padded = PosePhotoPadding.Pad(photo, Side, Side);
        var detector = YuNetFaceDetector.Create(SharedAssets.Resolver(), fixture.Sessions);
        return detector.Detect(padded).MaxBy(f => f.Box.Area)!.Box;
    }

    private static bool Inside(FaceBox box, PoseKeypoint point) =>
        point.X >= box.X && point.X <= box.Right && point.Y >= box.Y && point.Y <= box.Bottom;
}
