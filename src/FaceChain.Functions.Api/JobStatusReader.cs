using System.Text;
using FaceChain.Functions.Storage;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using Microsoft.DurableTask.Client;

namespace FaceChain.Functions.Api;

/// <summary>Builds a <see cref="JobStatusView"/> from an instance's metadata, the cancellation mark and signed output URLs.</summary>
public sealed class JobStatusReader(IBlobStore store, IBlobUrlSigner signer)
{
    /// <summary>How long output URLs stay valid; clients poll the status again for fresh ones.</summary>
    public static readonly TimeSpan OutputUrlLifetime = TimeSpan.FromMinutes(30);

    public async Task<JobStatusView> ReadAsync(OrchestrationMetadata metadata, Uri statusUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var jobId = metadata.InstanceId;
        var progress = PortraitJobProgress.Parse(metadata.SerializedCustomStatus);
        var cancelled = await store.ExistsAsync(CancellationRecord.BlobFor(jobId), cancellationToken);
        IReadOnlyList<JobOutputView>? outputs = null;
        Uri? resultUrl = null;
        if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed && metadata.SerializedOutput is { Length: > 0 } output)
        {
            var result = PipelineJson.Deserialize<PortraitJobResult>(Encoding.UTF8.GetBytes(output), $"the output of job {jobId}");
            var views = new List<JobOutputView>(result.Outputs.Count);
            foreach (var o in result.Outputs)
            {
                views.Add(new JobOutputView(o.Index, o.Seed, o.Width, o.Height, await signer.ReadUrlAsync(o.Blob, OutputUrlLifetime, cancellationToken))
                {
                    Identity = o.Identity,
                });
            }

            outputs = views;
            resultUrl = await signer.ReadUrlAsync(result.ResultBlob, OutputUrlLifetime, cancellationToken);
        }

        var failure = metadata.FailureDetails?.ErrorMessage ?? progress?.FailureReason;
        return new JobStatusView(jobId, metadata.RuntimeStatus, cancelled, metadata.CreatedAt, metadata.LastUpdatedAt, progress, failure,
            outputs, resultUrl, statusUri);
    }
}
