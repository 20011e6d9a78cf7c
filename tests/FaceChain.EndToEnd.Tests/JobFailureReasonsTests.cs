using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Hosting.Portraits;
using FaceChain.Pipeline;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Loras;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using FaceChain.Vision;

namespace FaceChain.EndToEnd.Tests;

/// <summary>Every permanent failure's reason, as the pipeline phrases it, maps back to its code.</summary>
public sealed class JobFailureReasonsTests
{
    public static TheoryData<Exception> InputProblems => new()
    {
        new NoFaceFoundException("none"),
        new NoFaceFoundException("small", smallFacesFound: 2),
        new InvalidImageException(InvalidImageReason.NotAnImage, "not an image"),
        new BlobNotFoundException(new BlobReference(BlobLayout.Inputs, "a/b.jpg")),
        new BlobTooLargeException(new BlobReference(BlobLayout.Inputs, "a/b.jpg"), 100, 10),
        new UnknownStyleException("nope", ["anime"]),
        new InvalidStyleException("styles/mine/style.json", ["prompt is required"]),
        new InvalidLoraException("the LoRA 'inputs/a.safetensors' cannot be used: header length 9 is larger than the 2 bytes after the length prefix"),
        new InvalidLoraException("the LoRA plan cannot be fused: no LoRA selected"),
        new ModelSetException("broken"),
        new DiffusionRequestException("too big"),
    };

    [Theory]
    [MemberData(nameof(InputProblems))]
    public void The_reason_of_each_permanent_failure_gives_back_its_code(Exception problem)
    {
        var permanent = PortraitJobException.FromInputProblem(problem)!;

        Assert.Equal(permanent.Code, JobFailureReasons.CodeOf(permanent.Message));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("something else went wrong")]
    public void Other_text_has_no_code(string? reason) => Assert.Null(JobFailureReasons.CodeOf(reason));

    [Fact]
    public void Retries_exhausted_by_a_transient_error_have_no_code_whatever_the_error_says()
    {
        var reason = $"{PortraitTasks.Activities[0].Name} failed after {PortraitRetryPolicy.MaxAttempts} attempts: no face found in a timeout";

        Assert.Null(JobFailureReasons.CodeOf(reason));
    }
}
