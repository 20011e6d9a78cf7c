using FaceChain.Pipeline.Orchestration;
using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Tests;

public class PortraitRetryPolicyTests
{
    [Fact]
    public void Portrait_job_exceptions_are_permanent_even_when_wrapped_and_others_are_retried()
    {
        var permanent = TaskFailureDetails.FromException(new PortraitJobException(JobFailureCode.NoFaceFound, "no face found in the character photo"));
        var wrapped = new TaskFailureDetails("System.AggregateException", "x", null, permanent, null);
        var transient = TaskFailureDetails.FromException(new IOException("storage hiccup"));

        Assert.True(PortraitRetryPolicy.IsPermanent(permanent));
        Assert.True(PortraitRetryPolicy.IsPermanent(wrapped));
        Assert.False(PortraitRetryPolicy.IsPermanent(transient));
        Assert.False(PortraitRetryPolicy.IsPermanent(null));
    }
}
