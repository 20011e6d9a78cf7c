using FaceChain.Pipeline.Contracts;

namespace FaceChain.Cli;

/// <summary>
/// `facechain submit`'s arguments. Only what the client can know is checked here (the endpoint, the photo file and its
/// size); the deployment validates the rest with the pipeline's own validator and its 400 errors are printed as they are.
/// </summary>
public sealed record SubmitOptions
{
    public Uri? Endpoint { get; init; }

    public string? Key { get; init; }

    public string? Photo { get; init; }

    /// <summary>A pose reference photo, sent inline: the job runs in pose mode.</summary>
    public string? PosePhoto { get; init; }

    public float? PoseScale { get; init; }

    public string? Style { get; init; }

    public int Count { get; init; } = PortraitOptions.DefaultCount;

    public string Out { get; init; } = PortraitOptions.DefaultOutputFolder;

    public int? Size { get; init; }

    public ulong? Seed { get; init; }

    public int? Steps { get; init; }

    public float? GuidanceScale { get; init; }

    /// <summary>As the job contract names it (e.g. dpmpp2mKarras).</summary>
    public string? Sampler { get; init; }

    public float? FaceScale { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public List<string> Problems()
    {
        var problems = new List<string>();
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || Endpoint.Scheme is not ("https" or "http"))
        {
            problems.Add("--endpoint: the Functions app's absolute http(s) URL is required");
        }
        else if (Endpoint.Scheme == "http" && !Endpoint.IsLoopback)
        {
            problems.Add("--endpoint: plain http is only allowed to this machine (the function key would travel unencrypted)");
        }

        var inlineLimit = new JobRequestLimits().MaxInlinePhotoBytes;
        if (string.IsNullOrWhiteSpace(Photo))
        {
            problems.Add("--photo: a face photo is required");
        }
        else if (!File.Exists(Photo))
        {
            problems.Add($"--photo: {Photo} does not exist");
        }
        else if (new FileInfo(Photo).Length > inlineLimit)
        {
            problems.Add($"--photo: {Photo} is larger than the API's inline limit of {inlineLimit / (1024 * 1024)} MiB; upload it to the inputs container instead");
        }

        if (PosePhoto is not null && !File.Exists(PosePhoto))
        {
            problems.Add($"--pose-photo: {PosePhoto} does not exist");
        }
        else if (PosePhoto is not null && new FileInfo(PosePhoto).Length > inlineLimit)
        {
            problems.Add($"--pose-photo: {PosePhoto} is larger than the API's inline limit of {inlineLimit / (1024 * 1024)} MiB");
        }

        if (PoseScale is not null && PosePhoto is null)
        {
            problems.Add("--pose-scale: needs --pose-photo");
        }

        if (string.IsNullOrWhiteSpace(Style))
        {
            problems.Add("--style: a style id is required (GET /api/styles lists them)");
        }

        JobArguments.ParseSampler(Sampler, problems);
        if (Timeout <= TimeSpan.Zero)
        {
            problems.Add("--timeout: must be positive");
        }

        return problems;
    }

    /// <summary>The request as the API takes it (after <see cref="Problems"/> found none); options not given are left to the style and the API.</summary>
    public PortraitJobRequest ToRequest(byte[] photo, byte[]? posePhoto = null)
    {
        var request = new PortraitJobRequest
        {
            Mode = posePhoto is null ? JobMode.Style : JobMode.Pose,
            PosePhoto = posePhoto is null ? null : PhotoSource.FromBytes(posePhoto),
            PoseScale = PoseScale,
            StyleId = Style,
            Count = Count,
            CharacterPhoto = PhotoSource.FromBytes(photo),
            Seed = Seed,
            Steps = Steps,
            GuidanceScale = GuidanceScale,
            Sampler = JobArguments.ParseSampler(Sampler, []),
            FaceScale = FaceScale,
        };
        return Size is { } size ? request with { Width = size, Height = size } : request;
    }
}
