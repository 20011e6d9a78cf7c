using Azure.Storage.Blobs;
using FaceChain.Functions.Api;
using FaceChain.Functions.Settings;
using FaceChain.Pipeline.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FaceChain.Functions.Uploads;

/// <summary>
/// The blob-upload trigger on inputs/{name}, Event Grid source (the only kind Flex Consumption supports; the
/// deployment's postdeploy hook subscribes it to BlobCreated events). The blob is bound as a client only: the
/// pipeline reads it through its size-capped store.
/// </summary>
public sealed class StartJobFromUploadFunction(UploadJobStarter starter)
{
    public const string BlobPath = BlobLayout.Inputs + "/{name}";

    [Function(FunctionNames.StartJobFromUpload)]
    public async Task<UploadOutcome> RunAsync(
        [BlobTrigger(BlobPath, Source = BlobTriggerSource.EventGrid, Connection = AppSettingNames.StorageConnection)] BlobClient blob,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (!string.Equals(blob.BlobContainerName, BlobLayout.Inputs, StringComparison.Ordinal))
        {
            return new UploadOutcome(UploadOutcomeKind.Ignored, null, $"not in the {BlobLayout.Inputs} container");
        }

        return await starter.StartAsync(blob.Name, client, cancellationToken);
    }
}
