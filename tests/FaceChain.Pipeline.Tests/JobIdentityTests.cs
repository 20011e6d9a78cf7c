using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Submission;

namespace FaceChain.Pipeline.Tests;

public class JobIdentityTests
{
    private static readonly PortraitJobRequest Request = new() { StyleId = "anime", Count = 3, CharacterPhoto = PhotoSource.FromBlob("inputs", "a.jpg") };
    private static readonly string Photo = JobIdentity.Sha256Hex([1, 2, 3]);

    [Fact]
    public void The_same_request_and_photo_give_the_same_job_wherever_the_photo_came_from()
    {
        var first = JobIdentity.Derive(Request, Photo);
        var inline = JobIdentity.Derive(Request with { CharacterPhoto = PhotoSource.FromBytes([1, 2, 3]) }, Photo);
        Assert.Equal(first, inline);
        Assert.StartsWith(JobIdentity.Prefix, first.JobId, StringComparison.Ordinal);
        Assert.Equal(JobIdentity.Prefix.Length + 32, first.JobId.Length);
    }

    [Fact]
    public void Any_difference_gives_another_job()
    {
        var baseline = JobIdentity.Derive(Request, Photo).JobId;
        Assert.NotEqual(baseline, JobIdentity.Derive(Request, JobIdentity.Sha256Hex([1, 2, 4])).JobId);
        Assert.NotEqual(baseline, JobIdentity.Derive(Request with { Count = 2 }, Photo).JobId);
        Assert.NotEqual(baseline, JobIdentity.Derive(Request with { StyleId = "oil-painting" }, Photo).JobId);
        Assert.NotEqual(baseline, JobIdentity.Derive(Request with { Seed = 7 }, Photo).JobId);
    }

    [Fact]
    public void Steps_guidance_and_sampler_left_out_are_one_deterministic_job_and_giving_any_of_them_is_another()
    {
        var leftOut = JobIdentity.Derive(Request, Photo);
        Assert.Equal(leftOut, JobIdentity.Derive(Request with { Steps = null, GuidanceScale = null, Sampler = null }, Photo));

        // Left out means "the style's recommendation", which is not the same request as naming a value, even the default one.
        var given = new[]
        {
            JobIdentity.Derive(Request with { Steps = 20 }, Photo),
            JobIdentity.Derive(Request with { GuidanceScale = 7.5f }, Photo),
            JobIdentity.Derive(Request with { Sampler = PortraitSampler.DpmPlusPlus2MKarras }, Photo),
        };
        Assert.Equal(4, given.Select(g => g.JobId).Append(leftOut.JobId).Distinct().Count());
        Assert.Equal(given[0], JobIdentity.Derive(Request with { Steps = 20 }, Photo));
    }

    [Fact]
    public void A_given_seed_is_kept_and_a_missing_one_is_derived_deterministically()
    {
        Assert.Equal(7UL, JobIdentity.Derive(Request with { Seed = 7 }, Photo).Seed);
        var derived = JobIdentity.Derive(Request, Photo).Seed;
        Assert.Equal(derived, JobIdentity.Derive(Request, Photo).Seed);
        Assert.NotEqual(derived, JobIdentity.Derive(Request with { Count = 4 }, Photo).Seed);
    }
}
