using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Identity;

/// <summary>Face work on generated images: scoring them against the character, and fusing the character's face onto them.</summary>
public interface IFaceVerification
{
    /// <summary>Scores the main face of <paramref name="image"/> (inside <paramref name="region"/> when given) against <paramref name="reference"/>.</summary>
    IdentityVerification Verify(byte[] image, float[] reference, FaceRectangle? region = null);

    /// <summary>Fuses the face of <paramref name="source"/> onto <paramref name="target"/>'s face; returns the PNG and its score against <paramref name="reference"/>.</summary>
    (byte[] Png, IdentityVerification After) Fuse(byte[] target, IReadOnlyList<FacePoint> targetLandmarks, byte[] source,
        IReadOnlyList<FacePoint> sourceLandmarks, float[] reference, FaceRectangle? region = null);
}
