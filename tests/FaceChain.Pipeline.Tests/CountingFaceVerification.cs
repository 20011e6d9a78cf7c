using System.Collections.Concurrent;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Identity;

namespace FaceChain.Pipeline.Tests;

/// <summary>The real face verification, recording every score it hands out (one per VerifyIdentity run).</summary>
public sealed class CountingFaceVerification(IFaceVerification inner) : IFaceVerification
{
    private readonly ConcurrentQueue<IdentityVerification> _verifications = new();

    public IReadOnlyList<IdentityVerification> Verifications => [.. _verifications];

    public IdentityVerification Verify(byte[] image, float[] reference, FaceRectangle? region = null)
    {
        var result = inner.Verify(image, reference, region);
        _verifications.Enqueue(result);
        return result;
    }

    public (byte[] Png, IdentityVerification After) Fuse(byte[] target, IReadOnlyList<FacePoint> targetLandmarks, byte[] source,
        IReadOnlyList<FacePoint> sourceLandmarks, float[] reference, FaceRectangle? region = null) =>
        inner.Fuse(target, targetLandmarks, source, sourceLandmarks, reference, region);
}
