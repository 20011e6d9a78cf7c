using FaceChain.Inference;
using FaceChain.Testing;
using FaceChain.Vision.Pose;
using Microsoft.ML.OnnxRuntime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceChain.Vision.Tests.Pose;

/// <summary>
/// The two speed-ups of pose extraction against the slow way on real photos: the rewritten BodyPix graph against the
/// published file, and running only the photo (and a margin of its padding) against running the whole padded canvas.
/// </summary>
public sealed class BodyPixPoseEstimatorTests(VisionFixture fixture) : IClassFixture<VisionFixture>
{
    private const int Side = 512;

    private static string ModelPath => SharedAssets.ModelPath(KnownModels.BodyPixPose);

    private BodyPixPoseEstimator Prepared() => BodyPixPoseEstimator.Create(SharedAssets.Resolver(), fixture.Sessions);

    private BodyPixPoseEstimator AsPublished() => new(fixture.Sessions.Get(ModelPath));

    [Fact]
    public void The_prepared_graph_takes_only_the_photo_and_gives_only_the_four_poseNet_heads()
    {
        using var session = new InferenceSession(BodyPixGraph.Prepare(ModelPath));
        using var published = new InferenceSession(ModelPath);

        Assert.Equal(73, published.OverridableInitializerMetadata.Count); // what made it slow
        Assert.Empty(session.OverridableInitializerMetadata);
        Assert.Equal(["input"], session.InputMetadata.Keys);
        Assert.Equal(BodyPixGraph.Heads.Order(StringComparer.Ordinal), session.OutputMetadata.Keys.Order(StringComparer.Ordinal));
        Assert.Same(fixture.Sessions.Get(ModelPath, BodyPixGraph.Variant, BodyPixGraph.Prepare), fixture.Sessions.Get(ModelPath, BodyPixGraph.Variant, _ => throw new InvalidOperationException("prepared twice")));
    }

    [Fact]
    public void The_prepared_graph_finds_the_people_the_published_file_finds()
    {
        using var photo = new SafeImageLoader().Load(SharedAssets.GroupOfFive);
        using var padded = PosePhotoPadding.Pad(photo, Side, Side);

        var expected = AsPublished().Estimate(padded);
        var actual = Prepared().Estimate(padded);

        Assert.Equal(expected.Count, actual.Count);
        Assert.True(expected.Count >= 3, $"{expected.Count} people");
        foreach (var (a, b) in expected.Zip(actual))
        {
            Assert.True(Math.Abs(a.Score - b.Score) < 1e-3f, $"person score {a.Score} became {b.Score}");
            foreach (var (ka, kb) in a.Keypoints.Zip(b.Keypoints))
            {
                Assert.True(Math.Abs(ka.X - kb.X) < 0.05f && Math.Abs(ka.Y - kb.Y) < 0.05f, $"({ka.X}, {ka.Y}) became ({kb.X}, {kb.Y})");
                Assert.True(Math.Abs(ka.Score - kb.Score) < 1e-3f, $"score {ka.Score} became {kb.Score}");
            }
        }
    }

    public static TheoryData<string, int> PlacedPhotos() => new()
    {
        { "single/pexels-karolina-grabowska-4378882.jpg", 0 }, // wide: padded on top
        { "group/pexels-fauxels-3184419.jpg", 0 },
        { "single/pexels-karolina-grabowska-4378882.jpg", 620 }, // cropped tall: padded left and right
    };

    [Theory]
    [MemberData(nameof(PlacedPhotos))]
    public void Running_only_the_photo_and_its_margin_finds_what_the_whole_padded_canvas_gives(string relative, int tallWidth)
    {
        using var photo = new SafeImageLoader().Load(SharedAssets.Image(relative));
        if (tallWidth > 0)
        {
            photo.Mutate(x => x.Crop(new Rectangle((photo.Width - tallWidth) / 2, 0, tallWidth, photo.Height)));
        }

        var estimator = Prepared();
        using var padded = PosePhotoPadding.Pad(photo, Side, Side);
        var placement = PosePhotoPadding.Place(photo.Width, photo.Height, Side, Side);
        using var placed = placement.Scale(photo);

        var whole = Prominent(estimator.Estimate(padded));
        var windowed = Prominent(estimator.Estimate(placed, placement));

        Assert.True(placement.Top > 2 * BodyPixPoseEstimator.PaddingMargin || placement.Left > 2 * BodyPixPoseEstimator.PaddingMargin, $"{relative} is not padded enough to test");
        int compared = 0;
        foreach (var (a, b) in whole.Keypoints.Zip(windowed.Keypoints))
        {
            if (a.Score >= 0.5f)
            {
                Assert.True(b.Score >= 0.4f, $"score {a.Score} became {b.Score}");
                Assert.True(Math.Abs(a.X - b.X) <= 2f && Math.Abs(a.Y - b.Y) <= 2f, $"({a.X}, {a.Y}) became ({b.X}, {b.Y})");
                compared++;
            }
        }

        Assert.True(compared >= 5, $"only {compared} confident keypoints");
    }

    private static PersonPose Prominent(IReadOnlyList<PersonPose> people) => people.MaxBy(p => p.ConfidentBoxArea(0.15f))!;
}
