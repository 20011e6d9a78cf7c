using FaceChain.Pipeline.Admission;

namespace FaceChain.Pipeline.Tests.Admission;

/// <summary>A host's submissions schedule in the order they were submitted, and a stuck one holds the others only briefly.</summary>
public class SchedulingLineTests
{
    private static readonly TimeSpan TestLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_submission_schedules_only_after_every_earlier_one_has_left_the_line()
    {
        var line = new SchedulingLine(TimeSpan.FromMinutes(5));
        using var first = line.Enter();
        using var second = line.Enter();
        using var third = line.Enter();

        await first.WaitAsync().WaitAsync(TestLimit);
        var thirdWaits = third.WaitAsync();
        var secondWaits = second.WaitAsync();
        Assert.False(secondWaits.IsCompleted);

        first.Dispose();
        await secondWaits.WaitAsync(TestLimit);
        Assert.False(thirdWaits.IsCompleted);

        second.Dispose();
        await thirdWaits.WaitAsync(TestLimit);
    }

    [Fact]
    public async Task A_submission_that_gave_up_early_lets_the_later_ones_go()
    {
        var line = new SchedulingLine(TimeSpan.FromMinutes(5));
        var refused = line.Enter();
        using var next = line.Enter();

        // A refused request (validation, a duplicate) leaves without scheduling.
        refused.Dispose();
        await next.WaitAsync().WaitAsync(TestLimit);
        using var later = line.Enter();
        next.Dispose();
        await later.WaitAsync().WaitAsync(TestLimit);
    }

    [Fact]
    public async Task A_stuck_earlier_submission_holds_a_later_one_no_longer_than_the_line_allows()
    {
        var line = new SchedulingLine(TimeSpan.FromMilliseconds(200));
        using var stuck = line.Enter();
        using var later = line.Enter();

        // It does wait, and without the bound it would wait until the test's own limit and fail there.
        var waits = later.WaitAsync();
        Assert.False(waits.IsCompleted);
        await waits.WaitAsync(TestLimit);
    }
}
