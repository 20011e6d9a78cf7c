using FaceChain.Pipeline.Identity;
using FaceChain.Pipeline.Loras;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Activities;

/// <summary>
/// The style LoRA step: resolves the style (built-in or blob) into final prompts, face scale and generation settings
/// (the request's sampler/steps/guidance, else the style's recommendations, else the defaults) and produces the fusion
/// plan: the style's LoRA (checked against the sha256 its style.json pins) and the request's custom LoRAs, each read,
/// validated and mapped onto the model set by <see cref="LoraPlanner"/>. Fusion itself happens where the images are made
/// (<see cref="FusedPipelines"/>, in process or on the GPU worker). An unknown style, an unusable style.json or LoRA is a
/// permanent failure with the reason.
/// </summary>
public sealed class PrepareStyleActivity(StyleLibrary styles, LoraPlanner loras) : TaskActivity<PrepareStyleInput, PreparedStyle>
{
    /// <summary>How the character is described in the prompt; the face tokens carry who it is.</summary>
    public const string Subject = "a person";

    public override async Task<PreparedStyle> RunAsync(TaskActivityContext context, PrepareStyleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            var style = await styles.GetAsync(input.StyleId);
            var plan = new List<PreparedLora>();
            if (style.Lora is { } styleLora)
            {
                plan.Add(await loras.PrepareAsync(BlobLayout.StyleFile(style.Id, styleLora.File), styleLora.Sha256, styleLora.DefaultMultiplier,
                    PreparedLora.FromStyle));
            }

            foreach (var custom in input.CustomLoras ?? [])
            {
                plan.Add(await loras.PrepareAsync(custom.Blob, expectedSha256: null, custom.Multiplier ?? 1f, PreparedLora.FromRequest));
            }

            var generation = GenerationSettings.Resolve(input.Steps, input.GuidanceScale, input.Sampler, style);
            return new PreparedStyle(style.Id, style.DisplayName, style.PromptFor(Subject), style.NegativePrompt,
                input.FaceScale ?? style.DefaultFaceScale, plan, generation.Steps, generation.GuidanceScale, generation.Sampler)
            {
                IdentityCheck = IdentityCheckPlan.Resolve(input.IdentityCheck, input.FaceFusion, style),
            };
        }
        catch (Exception e) when (PortraitJobException.FromInputProblem(e) is { } permanent && permanent != e)
        {
            throw permanent;
        }
    }
}
