using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.GpuQueue;

namespace FaceChain.GpuWorker.Tests;

public sealed class DiffusionMessageCodecTests
{
    [Fact]
    public void A_job_round_trips_with_every_field_and_stays_small()
    {
        var job = WorkerTestBed.Job("job1", index: 2, attempt: 3) with { ModelSet = "sd15-fact", Seed = ulong.MaxValue, Sampler = PortraitSampler.EulerAncestral };

        var text = DiffusionMessageCodec.EncodeJob(job);
        var back = DiffusionMessageCodec.DecodeJob(text);

        Assert.Equal(job, back);
        Assert.Contains("\"sampler\":\"eulerAncestral\"", text, StringComparison.Ordinal);
        Assert.Contains("\"version\":1", text, StringComparison.Ordinal);
        Assert.True(text.Length < 2048, $"a job message should be about 1 KB, not {text.Length} characters");
    }

    [Fact]
    public void A_redraw_step_round_trips_is_checked_and_never_batches()
    {
        FaceSummary[] faces =
        [
            new(0, new FaceRectangle(10, 20, 80, 96), [new FacePoint(30, 50), new FacePoint(60, 50), new FacePoint(45, 65), new FacePoint(35, 85), new FacePoint(55, 85)],
                new FaceQualitySummary(true, 0.9f, 100, 0.5, 0.2, 3, [])),
            new(1, new FaceRectangle(200, 20, 80, 96), [], new FaceQualitySummary(true, 0.8f, 90, 0.5, 0.2, 1, [])),
        ];
        var redraw = new RedrawJob(new BlobReference("work", "job1/variant-0/after-face-step-0.png"), faces, 1, 0.6f);
        var job = WorkerTestBed.Job("job1", width: 64, height: 64) with { Redraw = redraw };

        var back = DiffusionMessageCodec.DecodeJob(DiffusionMessageCodec.EncodeJob(job));
        Assert.Equal((redraw.Source, 1, 0.6f), (back.Redraw!.Source, back.Redraw.FaceIndex, back.Redraw.Strength));
        Assert.Equal(faces.Select(f => f.Box), back.Redraw.PinnedFaces.Select(f => f.Box));

        var unknownFace = Assert.Throws<DiffusionMessageException>(() => DiffusionMessageCodec.EncodeJob(job with { Redraw = redraw with { FaceIndex = 5 } }));
        Assert.Contains("redraw.faceIndex 5 is not one of the pinned faces", unknownFace.Message, StringComparison.Ordinal);
        Assert.Throws<DiffusionMessageException>(() => DiffusionMessageCodec.EncodeJob(job with { Redraw = redraw with { Strength = 2 } }));
        Assert.Throws<DiffusionMessageException>(() => DiffusionMessageCodec.EncodeJob(job with { Height = 48 }));

        // Two redraw steps with identical settings still go to the worker one by one.
        Assert.NotEqual(BatchKey.Of(job), BatchKey.Of(job with { JobKey = "job1/image-1" }));
        Assert.Equal(BatchKey.Of(job with { Redraw = null }), BatchKey.Of(job with { Redraw = null, JobKey = "job1/image-1" }));
    }

    [Fact]
    public void A_job_carries_its_lora_plan_through_the_queue()
    {
        LoraReference[] loras =
        [
            new(new BlobReference("styles", "noir/lora.safetensors"), new string('a', 64), 0.75f),
            new(new BlobReference("inputs", "loras/mine.safetensors"), new string('b', 64), -1.5f),
        ];
        var job = WorkerTestBed.Job("job1") with { Loras = loras };

        var text = DiffusionMessageCodec.EncodeJob(job);
        var back = DiffusionMessageCodec.DecodeJob(text);

        Assert.Equal(loras, back.Loras);
        Assert.Equal(job, back with { Loras = job.Loras });
        Assert.Contains("\"multiplier\":-1.5", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_lora_plan_is_refused()
    {
        var bad = WorkerTestBed.Job("job1") with
        {
            Loras = [new LoraReference(new BlobReference("", "x"), "not-a-sha", 7f)],
        };

        var error = Assert.Throws<DiffusionMessageException>(() => DiffusionMessageCodec.EncodeJob(bad));
        Assert.Contains("loras[0].blob", error.Message, StringComparison.Ordinal);
        Assert.Contains("loras[0].sha256", error.Message, StringComparison.Ordinal);
        Assert.Contains("loras[0].multiplier", error.Message, StringComparison.Ordinal);
        var tooMany = WorkerTestBed.Job("job1") with
        {
            Loras = [.. Enumerable.Repeat(new LoraReference(new BlobReference("inputs", "l.safetensors"), new string('c', 64), 1), DiffusionMessageCodec.MaxLoras + 1)],
        };
        Assert.Throws<DiffusionMessageException>(() => DiffusionMessageCodec.EncodeJob(tooMany));
    }

    [Fact]
    public void Jobs_batch_together_only_when_one_UNet_call_can_serve_them()
    {
        var job = WorkerTestBed.Job("a", 0);
        Assert.Equal(BatchKey.Of(job), BatchKey.Of(WorkerTestBed.Job("b", 3) with { Seed = 99 }));
        foreach (var other in new[]
        {
            job with { Prompt = "another prompt" },
            job with { NegativePrompt = "" },
            job with { GuidanceScale = 7f },
            job with { FaceScale = 0.5f },
            job with { Width = 48 },
            job with { Steps = 4 },
            job with { Sampler = PortraitSampler.Ddim },
        })
        {
            Assert.NotEqual(BatchKey.Of(job), BatchKey.Of(other));
        }
    }

    [Fact]
    public void Jobs_batch_together_only_with_the_same_fused_weights()
    {
        var blob = new BlobReference("inputs", "l.safetensors");
        var plain = WorkerTestBed.Job("a");
        var styled = plain with { Loras = [new LoraReference(blob, new string('a', 64), 1f)] };
        var upperCaseSha = plain with { Loras = [new LoraReference(blob, new string('A', 64), 1f)] };
        var stronger = plain with { Loras = [new LoraReference(blob, new string('a', 64), 2f)] };
        var zero = plain with { Loras = [new LoraReference(blob, new string('a', 64), 0f)] };

        Assert.NotEqual(BatchKey.Of(plain), BatchKey.Of(styled));
        Assert.Equal(BatchKey.Of(styled), BatchKey.Of(upperCaseSha));
        Assert.NotEqual(BatchKey.Of(styled), BatchKey.Of(stronger));
        Assert.Equal(BatchKey.Of(plain), BatchKey.Of(zero));
    }

    [Fact]
    public void A_failure_result_round_trips_and_knows_whether_it_is_permanent()
    {
        var job = WorkerTestBed.Job("job1");
        var poisoned = DiffusionResultMessage.Failure(job, DiffusionFailureCode.Poisoned, "dequeued 5 times", "w1");
        var invalid = DiffusionResultMessage.Failure(job, DiffusionFailureCode.InvalidJob, "no face tokens", "w1");

        var back = DiffusionMessageCodec.DecodeResult(DiffusionMessageCodec.EncodeResult(poisoned));

        Assert.Equal(poisoned, back);
        Assert.False(back.IsPermanent);
        Assert.True(invalid.IsPermanent);
    }

    [Fact]
    public void A_long_failure_reason_is_truncated_to_the_bound()
    {
        var result = DiffusionResultMessage.Failure(WorkerTestBed.Job("job1"), DiffusionFailureCode.Poisoned, new string('x', 100_000), "w1");

        Assert.Equal(DiffusionMessageCodec.MaxReasonLength, result.FailureReason!.Length);
        Assert.NotNull(DiffusionMessageCodec.EncodeResult(result));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{\"version\":2,\"jobKey\":\"k\"}")]
    public void Malformed_or_foreign_messages_are_typed_errors(string text)
    {
        Assert.Throws<DiffusionMessageException>(() => DiffusionMessageCodec.DecodeJob(text));
    }

    [Fact]
    public void A_message_over_the_size_bound_is_refused_before_parsing()
    {
        var huge = "{\"prompt\":\"" + new string('a', DiffusionMessageCodec.MaxMessageBytes) + "\"}";

        var error = Assert.Throws<DiffusionMessageException>(() => DiffusionMessageCodec.DecodeJob(huge));
        Assert.Contains("exceeds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_fields_are_reported_together()
    {
        var bad = WorkerTestBed.Job("job1") with { Width = 0, Steps = 100_000, Attempt = 0, OutputBlob = new BlobReference("", "") };

        var error = Assert.Throws<DiffusionMessageException>(() => DiffusionMessageCodec.EncodeJob(bad));
        Assert.Contains("size 0x48", error.Message, StringComparison.Ordinal);
        Assert.Contains("steps 100000", error.Message, StringComparison.Ordinal);
        Assert.Contains("attempt 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("outputBlob", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_success_result_needs_an_output_blob()
    {
        var result = DiffusionResultMessage.Success(WorkerTestBed.Job("job1"), "tiny", reused: false, "w1", new DiffusionTimings(1, 2, 3))
            with
        { OutputBlob = null };

        Assert.Throws<DiffusionMessageException>(() => DiffusionMessageCodec.EncodeResult(result));
    }
}
