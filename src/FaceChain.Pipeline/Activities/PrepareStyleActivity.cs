using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Styles;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Activities;

/// <summary>
/// Resolves the style into final prompts and face scale. LoRA fusion (and its per-style cache) comes in a later
/// issue; until then <see cref="PreparedStyle.Lora"/> just carries the style's reference through.
/// </summary>
public sealed class PrepareStyleActivity(StyleCatalog styles) : TaskActivity<PrepareStyleInput, PreparedStyle>
{
    /// <summary>How the character is described in the prompt; the face tokens carry who it is.</summary>
    public const string Subject = "a person";

    public override Task<PreparedStyle> RunAsync(TaskActivityContext context, PrepareStyleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        PortraitStyle style;
        try
        {
            style = styles.Get(input.StyleId);
        }
        catch (UnknownStyleException e)
        {
            throw PortraitJobException.FromInputProblem(e)!;
        }

        return Task.FromResult(new PreparedStyle(
            style.Id, style.DisplayName, style.PromptFor(Subject), style.NegativePrompt, input.FaceScale ?? style.DefaultFaceScale, style.Lora));
    }
}
