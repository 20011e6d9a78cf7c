using System.Collections.Concurrent;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Submission;

namespace FaceChain.Pipeline.Tests;

/// <summary>The real face analysis, counting detections per photo (by sha256) so tests can see how often an activity ran.</summary>
public sealed class CountingFaceAnalysis(IFaceAnalysis inner) : IFaceAnalysis
{
    private readonly ConcurrentDictionary<string, int> _detections = new(StringComparer.Ordinal);

    public int DetectionsOf(byte[] photo) => _detections.GetValueOrDefault(JobIdentity.Sha256Hex(photo));

    public FaceDetectionReport Detect(byte[] photo)
    {
        _detections.AddOrUpdate(JobIdentity.Sha256Hex(photo), 1, (_, n) => n + 1);
        return inner.Detect(photo);
    }

    public FaceIdentification Identify(byte[] photo, FaceSummary face, int alignedSize) => inner.Identify(photo, face, alignedSize);
}
