using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Identity;

/// <summary>
/// Scores one generated image against the character: detects its main face (in the given region, if any), aligns and
/// encodes it with the encoder that made the character's embedding, and returns the cosine. No face is an answer, not
/// a failure: the orchestration decides what to do with it.
/// </summary>
public sealed class VerifyIdentityActivity(IBlobStore store, IFaceVerification faces, JobRequestLimits limits)
    : TaskActivity<VerifyIdentityInput, IdentityVerification>
{
    private const long MaxIdentityBytes = 64L * 1024 * 1024;

    public override async Task<IdentityVerification> RunAsync(TaskActivityContext context, VerifyIdentityInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            var imageRead = store.DownloadAsync(input.Image, limits.MaxPhotoBytes);
            var identityRead = store.DownloadAsync(input.IdentityBlob, MaxIdentityBytes);
            await Task.WhenAll(imageRead, identityRead);
            var identity = StoredIdentity.FromBytes(await identityRead);
            return faces.Verify(await imageRead, identity.IdEmbedding, input.Region);
        }
        catch (Exception e) when (PortraitJobException.FromInputProblem(e, $"the generated image '{input.Image}'") is { } permanent && permanent != e)
        {
            throw permanent;
        }
    }
}
