using System.Diagnostics;
using FaceChain.Inference;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Pose;

/// <summary>
/// Pose reference photo → control image, as FaceChain prepares it for the OpenPose ControlNet: pad the photo to the
/// generation size (<see cref="PosePhotoPadding"/>), find everyone, keep the most prominent person, map to the OpenPose
/// order and draw (<see cref="OpenPoseRenderer"/>).
/// </summary>
public sealed class PoseReferenceExtractor(SafeImageLoader loader, BodyPixPoseEstimator estimator)
{
    /// <summary>A keypoint at or above this score is drawn and counts towards a person.</summary>
    public float KeypointThreshold { get; init; } = 0.15f;

    /// <summary>
    /// Fewer confident keypoints than this is not a person. OpenPose's own body estimator (controlnet_aux) drops people
    /// with fewer than 4 parts; BodyPix finds a close-up head's nose, eyes and ears, so 4 keeps head-and-shoulder shots.
    /// </summary>
    public int MinKeypoints { get; init; } = 4;

    /// <summary>
    /// A decoded person below this instance score is a re-decoding of someone already found (PoseNet scores a person
    /// only by the keypoints no earlier person has claimed), not somebody new.
    /// </summary>
    public float MinPersonScore { get; init; } = 0.15f;

    /// <summary>
    /// The pose is read on the padded photo with its long side this (controlnet_aux detects at 512 and resizes the drawing
    /// to the output), so small generation sizes still see the person; keypoints are then scaled to the canvas.
    /// </summary>
    public int DetectionSide { get; init; } = 512;

    public static PoseReferenceExtractor Create(ModelResolver resolver, OnnxSessionCache sessions, SafeImageLoader? loader = null) =>
        new(loader ?? new SafeImageLoader(), BodyPixPoseEstimator.Create(resolver, sessions));

    public PoseExtraction Extract(string path, int width, int height)
    {
        using var photo = loader.Load(path);
        return Extract(photo, width, height);
    }

    public PoseExtraction Extract(byte[] photoBytes, int width, int height)
    {
        using var photo = loader.Load(photoBytes);
        return Extract(photo, width, height);
    }

    /// <exception cref="NoPersonFoundException">Nobody in the photo has <see cref="MinKeypoints"/> confident keypoints.</exception>
    public PoseExtraction Extract(Image<Rgb24> photo, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var timings = new PoseStageTimings();
        float scale = (float)DetectionSide / Math.Max(width, height);
        int detectWidth = Math.Max(1, (int)MathF.Round(width * scale)), detectHeight = Math.Max(1, (int)MathF.Round(height * scale));
        // The photo is scaled once, straight to its place on the padded detection canvas; the black padding is never drawn.
        long start = Stopwatch.GetTimestamp();
        var placement = PosePhotoPadding.Place(photo.Width, photo.Height, detectWidth, detectHeight);
        using var placed = placement.Scale(photo);
        timings.ResizeMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var people = estimator.Estimate(placed, placement, timings)
            .Where(p => p.Score >= MinPersonScore && p.ConfidentCount(KeypointThreshold) >= MinKeypoints)
            .Select(p => p with
            {
                Keypoints = p.Keypoints.Select(k => k with { X = k.X * width / detectWidth, Y = k.Y * height / detectHeight }).ToArray(),
            })
            .ToList();
        if (people.Count == 0)
        {
            throw new NoPersonFoundException();
        }

        start = Stopwatch.GetTimestamp();
        var person = people.MaxBy(p => p.ConfidentBoxArea(KeypointThreshold))!;
        var skeleton = OpenPoseSkeleton.FromPose(person, KeypointThreshold);
        var control = OpenPoseRenderer.Render(skeleton, width, height);
        timings.DrawMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return new PoseExtraction(person, skeleton, people.Count, width, height, control, timings);
    }
}
