using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Templates;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace FaceChain.Functions.Durable;

/// <summary>Hosts the Pipeline's <see cref="TemplateOrchestrator"/> (template and multiTemplate jobs) under its registered name.</summary>
public static class TemplateOrchestratorFunction
{
    [Function(TemplateTaskNames.Orchestrator)]
    public static Task<PortraitJobResult> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new TemplateOrchestrator().RunAsync(context, (context ?? throw new ArgumentNullException(nameof(context))).GetInput<PortraitJob>()!);
}
