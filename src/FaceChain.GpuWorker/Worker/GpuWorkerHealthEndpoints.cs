using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FaceChain.GpuWorker;

/// <summary>
/// Liveness (<c>/healthz</c>, <c>/health/live</c>) and readiness (<c>/readyz</c>, <c>/health/ready</c> — the path the
/// Container Apps startup and readiness probes in infra/modules/gpu-worker.bicep use): 200 or 503 with a one-line reason.
/// </summary>
public static class GpuWorkerHealthEndpoints
{
    public static IEndpointRouteBuilder MapGpuWorkerHealth(this IEndpointRouteBuilder endpoints, WorkerReadiness readiness)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(readiness);
        foreach (var path in new[] { "/healthz", "/health/live" })
        {
            endpoints.MapGet(path, () => Report(readiness.IsAlive, readiness));
        }

        foreach (var path in new[] { "/readyz", "/health/ready" })
        {
            endpoints.MapGet(path, () => Report(readiness.IsReady, readiness));
        }

        return endpoints;
    }

    private static IResult Report(bool healthy, WorkerReadiness readiness) =>
        Results.Text($"{readiness.State}: {readiness.Detail}\n", "text/plain",
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
}
