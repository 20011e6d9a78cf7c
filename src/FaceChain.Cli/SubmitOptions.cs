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

    /// <summary>Template modes: the template photo (then <see cref="Faces"/> replace --photo and --style).</summary>
    public string? Template { get; init; }

    /// <summary>Template modes: each --face as typed, "INDEX=PHOTO" (one: template mode; several: multiTemplate).</summary>
    public IReadOnlyList<string>? Faces { get; init; }

    public float? Strength { get; init; }

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
        if (Template is not null)
        {
            TemplateProblems(inlineLimit, problems);
        }
        else if (string.IsNullOrWhiteSpace(Photo))
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

        if (PosePhoto is not null && Template is not null)
        {
            problems.Add("--pose-photo: not with --template (a template job redraws faces of the template photo)");
        }

        if (Template is null && string.IsNullOrWhiteSpace(Style))
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

    private void TemplateProblems(long inlineLimit, List<string> problems)
    {
        foreach (var (option, path) in (IEnumerable<(string, string)>)[("--template", Template!), .. TemplateFaces().Select(f => ($"--face {f.FaceIndex}", f.Path))])
        {
            if (!File.Exists(path))
            {
                problems.Add($"{option}: {path} does not exist");
            }
            else if (new FileInfo(path).Length > inlineLimit)
            {
                problems.Add($"{option}: {path} is larger than the API's inline limit of {inlineLimit / (1024 * 1024)} MiB; upload it to the inputs container instead");
            }
        }

        foreach (var entry in Faces ?? [])
        {
            if (ParseFace(entry) is null)
            {
                problems.Add($"--face must be INDEX=PHOTO, e.g. --face 2=me.jpg (got '{entry}')");
            }
        }

        if (Faces is not { Count: > 0 })
        {
            problems.Add("--face: INDEX=PHOTO is required for each template face to redraw");
        }
    }

    private IEnumerable<(int FaceIndex, string Path)> TemplateFaces() =>
        (Faces ?? []).Select(ParseFace).OfType<(int, string)>();

    private static (int FaceIndex, string Path)? ParseFace(string entry)
    {
        var split = entry.IndexOf('=', StringComparison.Ordinal);
        return split > 0 && int.TryParse(entry.AsSpan(0, split), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? (index, entry[(split + 1)..])
            : null;
    }

    /// <summary>The template-mode request with every photo inline (after <see cref="Problems"/> found none).</summary>
    public PortraitJobRequest ToTemplateRequest()
    {
        var faces = TemplateFaces().Select(f => new TemplateFaceMapping(f.FaceIndex, PhotoSource.FromBytes(File.ReadAllBytes(f.Path)))).ToList();
        var single = faces.Count == 1;
        var request = new PortraitJobRequest
        {
            Mode = single ? JobMode.Template : JobMode.MultiTemplate,
            TemplatePhoto = PhotoSource.FromBytes(File.ReadAllBytes(Template!)),
            CharacterPhoto = single ? faces[0].CharacterPhoto : null,
            FaceIndex = single ? faces[0].FaceIndex : null,
            Faces = single ? null : faces,
            Count = Count,
            Seed = Seed,
            Steps = Steps,
            GuidanceScale = GuidanceScale,
            Sampler = JobArguments.ParseSampler(Sampler, []),
            FaceScale = FaceScale,
            Strength = Strength,
        };
        return Size is { } size ? request with { Width = size, Height = size } : request;
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
