using System.Text;
using System.Text.Json;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.GpuQueue;

/// <summary>
/// The wire form of <see cref="DiffusionJobMessage"/> and <see cref="DiffusionResultMessage"/>: compact pipeline JSON,
/// version <see cref="CurrentVersion"/>, at most <see cref="MaxMessageBytes"/> UTF-8 bytes (base64 of that fills an
/// Azure Storage queue message's 64 KiB). Decoding checks the size before parsing and the fields after, so a bad
/// message is a <see cref="DiffusionMessageException"/>, never a crash or an unbounded allocation.
/// </summary>
public static class DiffusionMessageCodec
{
    public const int CurrentVersion = 1;
    public const int MaxMessageBytes = 48 * 1024;
    public const int MaxPromptLength = 4096;
    public const int MaxReasonLength = 2048;
    public const int MaxLoras = 8;
    private const int MaxNameLength = 1024;

    private static readonly JsonSerializerOptions Compact = new(PipelineJson.Options) { WriteIndented = false };

    public static string EncodeJob(DiffusionJobMessage job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Validate(job);
        return Encode(job);
    }

    public static string EncodeResult(DiffusionResultMessage result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Validate(result);
        return Encode(result);
    }

    public static DiffusionJobMessage DecodeJob(string text)
    {
        var job = Decode<DiffusionJobMessage>(text, "diffusion job");
        Validate(job);
        return job;
    }

    public static DiffusionResultMessage DecodeResult(string text)
    {
        var result = Decode<DiffusionResultMessage>(text, "diffusion result");
        Validate(result);
        return result;
    }

    /// <summary><paramref name="text"/> cut to <paramref name="maxLength"/> characters (with an ellipsis when cut).</summary>
    public static string Truncate(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1), "…");
    }

    private static string Encode<T>(T value)
    {
        var json = JsonSerializer.Serialize(value, Compact);
        var bytes = Encoding.UTF8.GetByteCount(json);
        return bytes <= MaxMessageBytes
            ? json
            : throw new DiffusionMessageException($"a {typeof(T).Name} of {bytes} bytes exceeds the {MaxMessageBytes}-byte queue message limit");
    }

    private static T Decode<T>(string text, string what)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new DiffusionMessageException($"the {what} message is empty");
        }

        // UTF-8 never takes fewer bytes than UTF-16 code units / 1, so this length check bounds the byte count cheaply.
        if (text.Length > MaxMessageBytes || Encoding.UTF8.GetByteCount(text) > MaxMessageBytes)
        {
            throw new DiffusionMessageException($"the {what} message exceeds {MaxMessageBytes} bytes");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, Compact) ?? throw new DiffusionMessageException($"the {what} message is null");
        }
        catch (JsonException e)
        {
            throw new DiffusionMessageException($"the {what} message is not valid JSON: {e.Message}", e);
        }
    }

    private static void Validate(DiffusionJobMessage job)
    {
        var problems = new List<string>();
        CheckVersion(job.Version, problems);
        CheckName(job.JobKey, "jobKey", problems);
        CheckName(job.InstanceId, "instanceId", problems);
        CheckName(job.EventName, "eventName", problems);
        CheckName(job.JobId, "jobId", problems);
        if (job.ModelSet is not null)
        {
            CheckName(job.ModelSet, "modelSet", problems);
        }

        CheckBlob(job.FaceTokensBlob, "faceTokensBlob", problems);
        CheckBlob(job.OutputBlob, "outputBlob", problems);
        if (job.Attempt is < 1 or > QueuedGenerationPolicy.MaxAllowedAttempts)
        {
            problems.Add($"attempt {job.Attempt} is outside 1..{QueuedGenerationPolicy.MaxAllowedAttempts}");
        }

        if (job.Index < 0)
        {
            problems.Add($"index {job.Index} is negative");
        }

        if (job.Prompt is null || job.Prompt.Length > MaxPromptLength || job.NegativePrompt is null || job.NegativePrompt.Length > MaxPromptLength)
        {
            problems.Add($"prompts must be present and at most {MaxPromptLength} characters");
        }

        if (job.Width is < 1 or > DiffusionPipeline.MaxSide || job.Height is < 1 or > DiffusionPipeline.MaxSide)
        {
            problems.Add($"size {job.Width}x{job.Height} is outside 1..{DiffusionPipeline.MaxSide}");
        }

        if (job.Steps is < 1 or > DiffusionPipeline.MaxSteps)
        {
            problems.Add($"steps {job.Steps} is outside 1..{DiffusionPipeline.MaxSteps}");
        }

        if (!float.IsFinite(job.GuidanceScale) || !float.IsFinite(job.FaceScale))
        {
            problems.Add("guidance and face scales must be finite");
        }

        if (!Enum.IsDefined(job.Sampler))
        {
            problems.Add($"sampler {(int)job.Sampler} is unknown");
        }

        CheckLoras(job.Loras, problems);
        if (job.Redraw is { } redraw)
        {
            CheckBlob(redraw.Source, "redraw.source", problems);
            if (redraw.PinnedFaces is not { Count: > 0 } || redraw.PinnedFaces.All(f => f.Index != redraw.FaceIndex))
            {
                problems.Add($"redraw.faceIndex {redraw.FaceIndex} is not one of the pinned faces");
            }

            if (!(redraw.Strength >= 0 && redraw.Strength <= 1))
            {
                problems.Add($"redraw.strength {redraw.Strength} is outside 0..1");
            }

            if (job.Width != job.Height)
            {
                problems.Add("a redraw's crop is square: width and height must be equal");
            }
        }

        if (job.Pose is { } pose && (pose.ControlImage is null || !(pose.Scale >= 0 && pose.Scale <= PortraitJobRequest.MaxPoseScale)))
        {
            problems.Add($"pose needs a control image blob and a scale between 0 and {PortraitJobRequest.MaxPoseScale}");
        }

        ThrowIfAny(problems, "diffusion job");
    }

    private static void Validate(DiffusionResultMessage result)
    {
        var problems = new List<string>();
        CheckVersion(result.Version, problems);
        CheckName(result.JobKey, "jobKey", problems);
        CheckName(result.InstanceId, "instanceId", problems);
        CheckName(result.EventName, "eventName", problems);
        if (result.Succeeded)
        {
            CheckBlob(result.OutputBlob, "outputBlob", problems);
        }
        else if (result.FailureCode is null || string.IsNullOrWhiteSpace(result.FailureReason))
        {
            problems.Add("a failure needs a failure code and a reason");
        }

        if (result.FailureReason is { Length: > MaxReasonLength })
        {
            problems.Add($"the failure reason exceeds {MaxReasonLength} characters");
        }

        ThrowIfAny(problems, "diffusion result");
    }

    private static void CheckLoras(IReadOnlyList<LoraReference>? loras, List<string> problems)
    {
        if (loras is null)
        {
            return;
        }

        if (loras.Count > MaxLoras)
        {
            problems.Add($"{loras.Count} LoRAs; at most {MaxLoras}");
            return;
        }

        for (var i = 0; i < loras.Count; i++)
        {
            var lora = loras[i];
            if (lora is null)
            {
                problems.Add($"loras[{i}] is null");
                continue;
            }

            CheckBlob(lora.Blob, $"loras[{i}].blob", problems);
            if (lora.Sha256 is not { Length: 64 } sha256 || !sha256.All(char.IsAsciiHexDigit))
            {
                problems.Add($"loras[{i}].sha256 must be 64 hex digits");
            }

            if (!Styles.StyleRules.IsValidMultiplier(lora.Multiplier))
            {
                problems.Add($"loras[{i}].multiplier must be in -{Styles.StyleRules.MaxLoraMultiplier}..{Styles.StyleRules.MaxLoraMultiplier}");
            }
        }
    }

    private static void CheckVersion(int version, List<string> problems)
    {
        if (version != CurrentVersion)
        {
            problems.Add($"version {version} is not supported (this code reads version {CurrentVersion})");
        }
    }

    private static void CheckName(string? value, string field, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxNameLength)
        {
            problems.Add($"{field} must be 1..{MaxNameLength} characters");
        }
    }

    private static void CheckBlob(BlobReference? blob, string field, List<string> problems)
    {
        if (blob is null || string.IsNullOrWhiteSpace(blob.Container) || string.IsNullOrWhiteSpace(blob.Name)
            || blob.Container.Length > MaxNameLength || blob.Name.Length > MaxNameLength)
        {
            problems.Add($"{field} must name a container and a blob");
        }
    }

    private static void ThrowIfAny(List<string> problems, string what)
    {
        if (problems.Count > 0)
        {
            throw new DiffusionMessageException($"invalid {what}: {string.Join("; ", problems)}");
        }
    }
}
