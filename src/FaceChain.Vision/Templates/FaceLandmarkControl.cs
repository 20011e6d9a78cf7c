using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.Vision.Templates;

/// <summary>
/// The face-landmark control image of FACT's inpaint and refine passes, drawn as controlnet_aux draws OpenPose face
/// keypoints (<c>include_face=True, include_body=False</c>): white filled dots of radius 3 on black. FACT's detector gives
/// 70 face points; ours (YuNet) gives 5 (eyes, nose, mouth corners), so the OpenPose ControlNet sees the same marks at
/// fewer places: the face's position, size and roll, not its contour.
/// </summary>
public static class FaceLandmarkControl
{
    public const int DotRadius = 3;

    public static Image<Rgb24> Render(IReadOnlyList<PointF2> landmarks, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        var canvas = new Image<Rgb24>(width, height, new Rgb24(0, 0, 0));
        var white = new Rgb24(255, 255, 255);
        foreach (var point in landmarks)
        {
            // controlnet_aux truncates the keypoint to int before cv2.circle.
            int cx = (int)point.X, cy = (int)point.Y;
            for (var y = Math.Max(0, cy - DotRadius); y <= Math.Min(height - 1, cy + DotRadius); y++)
            {
                for (var x = Math.Max(0, cx - DotRadius); x <= Math.Min(width - 1, cx + DotRadius); x++)
                {
                    int dx = x - cx, dy = y - cy;
                    if ((dx * dx) + (dy * dy) <= DotRadius * DotRadius)
                    {
                        canvas[x, y] = white;
                    }
                }
            }
        }

        return canvas;
    }
}
