using FaceChain.Vision.Pose;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Templates;

/// <summary>
/// The pose control image of FACT's reference portrait: an OpenPose body skeleton (<see cref="OpenPoseRenderer"/>) of the
/// template face in the working crop. FACT runs the OpenPose body detector on the whole crop; the nearest our models
/// allow from a face alone is the skeleton's head: nose and both eyes from the face's 5 landmarks (OpenPose's "right
/// eye" is the person's right, which YuNet reports first as the image-left eye), the two limbs joining them, and no body
/// below. The portrait then has the template face's position, size and roll.
/// </summary>
public static class FacePoseControl
{
    private const int Nose = 0;
    private const int RightEye = 14;
    private const int LeftEye = 15;

    /// <summary>The skeleton of a face whose 5 landmarks (image-left eye, image-right eye, nose, mouth corners) are given.</summary>
    public static OpenPoseSkeleton Skeleton(IReadOnlyList<PointF2> landmarks)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        if (landmarks.Count < 3)
        {
            throw new ArgumentException("a face pose needs the eyes and the nose (5-point landmarks)", nameof(landmarks));
        }

        var points = new PoseKeypoint?[OpenPoseSkeleton.PointCount];
        points[RightEye] = new PoseKeypoint(landmarks[0].X, landmarks[0].Y, 1f);
        points[LeftEye] = new PoseKeypoint(landmarks[1].X, landmarks[1].Y, 1f);
        points[Nose] = new PoseKeypoint(landmarks[2].X, landmarks[2].Y, 1f);
        return new OpenPoseSkeleton(points);
    }

    public static Image<Rgb24> Render(IReadOnlyList<PointF2> landmarks, int width, int height) =>
        OpenPoseRenderer.Render(Skeleton(landmarks), width, height);
}
