using FaceChain.Inference;
using FaceChain.Testing;
using FaceChain.Vision;

namespace FaceChain.Vision.Tests;

public sealed class VisionFixture : IDisposable
{
    public VisionFixture()
    {
        Sessions = new OnnxSessionCache(new InferenceOptions());
        Analyzer = FaceAnalyzer.Create(SharedAssets.Resolver(), Sessions);
        Verifier = IdentityVerifier.Create(SharedAssets.Resolver(), Sessions);
    }

    public OnnxSessionCache Sessions { get; }

    public FaceAnalyzer Analyzer { get; }

    public IdentityVerifier Verifier { get; }

    public void Dispose() => Sessions.Dispose();
}
