using FaceChain.Pipeline.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace FaceChain.Functions.Durable;

/// <summary>Hosts the Pipeline's <see cref="PortraitOrchestrator"/> as a Durable Functions orchestrator under its registered name.</summary>
public static class PortraitOrchestratorFunction
{
    [Function(PortraitActivityNames.Orchestrator)]
    public static Task<PortraitJobResult> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new PortraitOrchestrator().RunAsync(context, (context ?? throw new ArgumentNullException(nameof(context))).GetInput<PortraitJob>()!);
}
