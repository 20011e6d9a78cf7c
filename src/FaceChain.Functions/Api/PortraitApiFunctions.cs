using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FaceChain.Functions.Api;

/// <summary>
/// The portrait job endpoints as Functions (function-level keys): each binds its route and a Durable client and hands
/// both to the host-agnostic <see cref="PortraitJobsApi"/>, which `facechain serve` also serves.
/// </summary>
public sealed class PortraitApiFunctions(PortraitJobsApi api)
{
    [Function(FunctionNames.SubmitPortraitJob)]
    public Task<IActionResult> SubmitAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Portraits)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        api.SubmitAsync(request, client, jobId => DurableLinks(client, jobId));

    [Function(FunctionNames.GetPortraitJob)]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.PortraitById)] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client) =>
        api.GetAsync(request, id, client);

    [Function(FunctionNames.CancelPortraitJob)]
    public Task<IActionResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = ApiRoutes.PortraitById)] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client) =>
        api.CancelAsync(request, id, client);

    /// <summary>Durable's management URLs; only the Functions host's client can make them (it knows the base URL and system key).</summary>
    private static DurableStatusLinks? DurableLinks(DurableTaskClient client, string jobId)
    {
        HttpManagementPayload payload;
        try
        {
            payload = client.CreateHttpManagementPayload(jobId);
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        return payload is { StatusQueryGetUri: { } status, TerminatePostUri: { } terminate, PurgeHistoryDeleteUri: { } purge }
            ? new DurableStatusLinks(status, terminate, purge)
            : null;
    }
}
