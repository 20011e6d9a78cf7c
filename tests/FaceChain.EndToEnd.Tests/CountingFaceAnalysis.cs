using FaceChain.Pipeline.Engines;

namespace FaceChain.EndToEnd.Tests;

/// <summary>The real face analysis, counting calls, so a test can see how often DetectFaces and EncodeIdentity ran.</summary>
public sealed class CountingFaceAnalysis(IFaceAnalysis inner) : IFaceAnalysis
{
    private int _detections;
    private int _identifications;

    public int Detections => Volatile.Read(ref _detections);

    public int Identifications => Volatile.Read(ref _identifications);

    public FaceDetectionReport Detect(byte[] photo)
    {
        Interlocked.Increment(ref _detections);
        return inner.Detect(photo);
    }

    public FaceIdentification Identify(byte[] photo, FaceSummary face, int alignedSize)
    {
        Interlocked.Increment(ref _identifications);
        return inner.Identify(photo, face, alignedSize);
    }
}
