using FaceChain.Pipeline.Admission;

namespace FaceChain.Pipeline.Tests.Admission;

/// <summary>The gate's ordering rule, without an engine: who waits in which order, and who takes a free slot.</summary>
public class JobAdmissionStateTests
{
    private static readonly DateTime Submitted = new(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime GateNow = Submitted.AddSeconds(5);

    private static JobAdmissionState Gate(int capacity, TimeSpan? maxHold = null) =>
        JobAdmissionState.Empty(new JobAdmissionPolicy { Capacity = capacity, MaxHold = maxHold ?? TimeSpan.FromMinutes(30) });

    private static AdmissionMessage Request(string jobId, double submittedSecond) =>
        new(AdmissionMessage.Request, jobId) { SubmittedUtc = Submitted.AddSeconds(submittedSecond) };

    private static AdmissionMessage Release(string jobId) => new(AdmissionMessage.Release, jobId);

    /// <summary>Feeds the messages one at a time as the orchestrator does, and returns every job let in, in order.</summary>
    private static (JobAdmissionState State, List<string> Admitted) Run(JobAdmissionState state, params AdmissionMessage[] messages)
    {
        var admitted = new List<string>();
        foreach (var message in messages)
        {
            (state, var now) = state.Receive(message, GateNow).Admit(GateNow);
            admitted.AddRange(now);
        }

        return (state, admitted);
    }

    [Fact]
    public void Requests_that_arrive_out_of_order_are_let_in_by_submission_stamp()
    {
        // The slot is taken; the others arrive latest-submitted first, as a burst's first steps may run.
        var (state, admitted) = Run(Gate(capacity: 1), Request("holder", 0), Request("c", 3), Request("b", 2), Request("a", 1));
        Assert.Equal(["holder"], admitted);
        Assert.Equal(["a", "b", "c"], state.Waiting.Select(job => job.JobId));

        (_, admitted) = Run(state, Release("holder"), Release("a"), Release("b"));
        Assert.Equal(["a", "b", "c"], admitted);
    }

    [Fact]
    public void Equal_stamps_and_unstamped_requests_keep_their_arrival_order()
    {
        var unstamped = new AdmissionMessage(AdmissionMessage.Request, "unstamped");
        var (state, _) = Run(Gate(capacity: 1), Request("holder", 0), Request("first", 1), Request("second", 1), unstamped, Request("earlier", 0.5));

        // The unstamped request lines up at its arrival (the gate's clock, after every stamp here).
        Assert.Equal(["earlier", "first", "second", "unstamped"], state.Waiting.Select(job => job.JobId));
        Assert.Equal(GateNow, state.Waiting[^1].SubmittedUtc);
    }

    [Fact]
    public void A_repeated_request_is_one_place_in_line_and_a_release_before_admission_forgets_it()
    {
        var (state, admitted) = Run(Gate(capacity: 1), Request("holder", 0), Request("a", 1), Request("a", 1), Request("holder", 0), Request("b", 2));
        Assert.Equal(["holder"], admitted);
        Assert.Equal(["a", "b"], state.Waiting.Select(job => job.JobId));
        Assert.Single(state.Running);

        // "a" stopped waiting (its MaxWait ran out) and released: "b" is next.
        (_, admitted) = Run(state, Release("a"), Release("holder"));
        Assert.Equal(["b"], admitted);
    }

    [Fact]
    public void Free_slots_are_filled_at_once_up_to_the_capacity()
    {
        var (state, admitted) = Run(Gate(capacity: 2), Request("a", 1), Request("b", 2), Request("c", 3));
        Assert.Equal(["a", "b"], admitted);
        Assert.Equal(["c"], state.Waiting.Select(job => job.JobId));
        Assert.Equal(2, state.Running.Count);
    }

    [Fact]
    public void A_slot_held_past_the_hold_limit_goes_to_the_next_job()
    {
        var hold = TimeSpan.FromMinutes(1);
        var (state, _) = Run(Gate(capacity: 1, hold), Request("stuck", 0), Request("next", 1));
        Assert.Equal(GateNow + hold, state.NextLapse);

        var (early, none) = state.Admit(GateNow + hold - TimeSpan.FromSeconds(1));
        Assert.Empty(none);
        Assert.Equal(["stuck"], early.Running.Select(job => job.JobId));

        var (lapsed, admitted) = state.Admit(GateNow + hold);
        Assert.Equal(["next"], admitted);
        Assert.Equal(["next"], lapsed.Running.Select(job => job.JobId));
        Assert.Empty(lapsed.Waiting);
    }
}
