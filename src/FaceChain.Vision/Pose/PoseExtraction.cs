using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Pose;

/// <summary>
/// What a pose reference photo gives a pose job: the chosen person's keypoints (pixel coordinates of the padded
/// <see cref="Width"/> × <see cref="Height"/> canvas), how many people were seen, and the control image to condition on.
/// Dispose it to release the control image.
/// </summary>
public sealed class PoseExtraction(PersonPose person, OpenPoseSkeleton skeleton, int peopleFound, int width, int height, Image<Rgb24> controlImage,
    PoseStageTimings? timings = null)
    : IDisposable
{
    /// <summary>The most prominent person (largest confident-keypoint box), 17 COCO keypoints.</summary>
    public PersonPose Person { get; } = person;

    /// <summary>The same person in the 18-point OpenPose order, confident points only.</summary>
    public OpenPoseSkeleton Skeleton { get; } = skeleton;

    /// <summary>People with enough confident keypoints; more than one means the most prominent was chosen.</summary>
    public int PeopleFound { get; } = peopleFound;

    public int Width { get; } = width;

    public int Height { get; } = height;

    public Image<Rgb24> ControlImage { get; } = controlImage;

    /// <summary>Where the extraction spent its time (the photo's decoding not included).</summary>
    public PoseStageTimings Timings { get; } = timings ?? new PoseStageTimings();

    public void Dispose() => ControlImage.Dispose();
}
