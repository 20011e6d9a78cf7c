using FaceChain.Pipeline;
using FaceChain.Pipeline.Admission;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using FaceChain.Pipeline.Submission;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace FaceChain.Functions.Api;

/// <summary>
/// A <see cref="PortraitJobSubmitter"/> on the Durable client a function was bound to (the Functions host hands clients
/// to functions, not to DI), configured like the one AddFaceChainPipeline registers: blob styles are valid style ids, and
/// the queue policy is stamped on jobs when images are made by the GPU worker, and template face indexes are checked
/// against the template photo's faces.
/// </summary>
public sealed class JobSubmitterFactory(
    IBlobStore store, JobRequestValidator validator, FaceChainPipelineOptions options, StyleLibrary styles, ILogger<PortraitJobSubmitter> logger,
    IFaceAnalysis faces,
    JobAdmissionGate? admission = null)
{
    public PortraitJobSubmitter For(DurableTaskClient client) =>
        new(client, store, validator, logger, options.DiffusionBackend == DiffusionBackend.Queue ? options.QueuedGeneration : null, styles, admission, faces);
}
