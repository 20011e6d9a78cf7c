using FaceChain.Diffusion.ModelSets;
using FaceChain.Hosting;
using FaceChain.Hosting.Portraits;
using FaceChain.Pipeline;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using FaceChain.Vision.Files;

namespace FaceChain.Cli;

/// <summary>
/// A validated `facechain portrait` command line: everything is checked before any engine starts, with the
/// Pipeline's own <see cref="JobRequestValidator"/> and limits for the request, so the CLI never repeats its rules.
/// </summary>
/// <param name="PhotoPath">Full path of the photo; it exists and is within <see cref="JobRequestLimits.MaxPhotoBytes"/>.</param>
/// <param name="Request">The job request, photo excepted (it is uploaded when the engine is up).</param>
public sealed record PortraitPlan(
    string PhotoPath,
    PortraitJobRequest Request,
    PortraitEngineChoice Engine,
    ModelSetChoice ModelSet,
    string OutputFolder,
    string? ModelsFolder,
    string CacheRoot,
    string TaskHubName,
    AzuriteOptions Azurite)
{
    /// <summary>Where in the inputs container the CLI uploads photos (then named by content hash).</summary>
    public const string UploadPrefix = "cli/";

    private static readonly Dictionary<string, string> OptionOfField = new(StringComparer.Ordinal)
    {
        ["styleId"] = "--style",
        ["count"] = "--count",
        ["width"] = "--size",
        ["height"] = "--size",
        ["steps"] = "--steps",
        ["guidanceScale"] = "--guidance-scale",
        ["sampler"] = "--sampler",
        ["faceScale"] = "--face-scale",
        ["strength"] = "--strength",
        ["faceIndex"] = "--face",
        ["faces"] = "--face",
        ["templatePhoto"] = "--template",
        ["poseScale"] = "--pose-scale",
        ["posePhoto"] = "--pose-photo",
    };

    /// <exception cref="PortraitArgumentsException">Every problem found, one sentence each, naming the option.</exception>
    public static PortraitPlan From(PortraitOptions options, StyleCatalog styles)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(styles);
        var problems = new List<string>();

        ModelSetChoice? modelSet = null;
        try
        {
            modelSet = ModelSetChoice.Resolve(options.ModelSet, options.CacheRoot);
        }
        catch (ModelSetException e)
        {
            problems.Add($"--model-set: {e.Message}");
        }

        // The same bounds the engine's validator uses: request limits, the model set's size multiple, the image loader's byte cap.
        var pipelineDefaults = new FaceChainPipelineOptions();
        var limits = pipelineDefaults.Limits with
        {
            ImageSizeMultiple = modelSet?.ImageSizeMultiple ?? ModelSetChoice.GeneratedTinySet.ImageSizeMultiple,
            MaxPhotoBytes = Math.Min(pipelineDefaults.Limits.MaxPhotoBytes, pipelineDefaults.ImageLimits.MaxBytes),
        };

        if (options.Template is not null)
        {
            return ForTemplate(options, styles, limits, modelSet, problems);
        }

        var photo = CheckPhoto("--photo", options.Photo, limits, problems);
        var posePhoto = options.PosePhoto is null ? null : CheckPhoto("--pose-photo", options.PosePhoto, limits, problems);
        if (string.IsNullOrWhiteSpace(options.Style))
        {
            problems.Add($"--style is required; known styles: {string.Join(", ", styles.Ids)} (see `facechain styles`)");
        }

        var engine = PortraitEngineChoice.From(options.Engine, options.Connection, out var engineProblem);
        if (engineProblem is not null)
        {
            problems.Add(engineProblem);
        }

        // The host's own rule for task hub names (the backend and connection here only make the check apply).
        var hub = new EmbeddedPortraitHostOptions { Backend = PortraitBackend.AzureStorage, StorageConnectionString = "-", TaskHubName = options.TaskHub };
        problems.AddRange(hub.Problems().Select(p => "--task-hub: " + p));
        if (engine?.Kind == PortraitEngineKind.Storage && !options.AllowDeploymentHub
            && string.Equals(options.TaskHub, PortraitOptions.DeploymentTaskHub, StringComparison.OrdinalIgnoreCase))
        {
            // Task hub names are case-insensitive in Azure Storage (queues and tables are lower-cased).
            problems.Add($"--task-hub: '{options.TaskHub}' is the deployed Functions app's task hub; this worker would take its partitions and jobs " +
                "(use another name, or --allow-deployment-hub to do it on purpose)");
        }

        if (options.Models is not null && !Directory.Exists(options.Models))
        {
            problems.Add($"--models: folder not found: {options.Models}");
        }


        var defaults = new PortraitJobRequest();
        var size = options.Size ?? defaults.Width;
        var request = defaults with
        {
            CharacterPhoto = PhotoSource.FromBlob(BlobLayout.Inputs, UploadPrefix + "photo"),
            Mode = options.PosePhoto is null ? JobMode.Style : JobMode.Pose,
            PosePhoto = options.PosePhoto is null ? null : PhotoSource.FromBlob(BlobLayout.Inputs, UploadPrefix + "pose-photo"),
            PoseScale = options.PoseScale,
            StyleId = options.Style,
            Count = options.Count,
            Width = size,
            Height = size,
            Steps = options.Steps,
            GuidanceScale = options.GuidanceScale,
            Sampler = JobArguments.ParseSampler(options.Sampler, problems),
            FaceScale = options.FaceScale,
            Seed = options.Seed,
        };
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var error in new JobRequestValidator(styles, limits).Validate(request))
        {
            if (error.Field == "styleId" && error.Code == ValidationCodes.Required)
            {
                continue; // Already said, with the list of styles.
            }

            var sentence = Phrase(error);
            if (reported.Add(sentence))
            {
                problems.Add(sentence);
            }
        }

        var output = PrepareOutputOrRefuse(options.Out, problems);

        return new PortraitPlan(photo!, request, engine!, modelSet!, output.Path, options.Models, options.CacheRoot, options.TaskHub, options.Azurite)
        {
            Generation = GenerationSettings.Resolve(request, styles.Get(options.Style!)),
            Output = output,
            MaxPhotoBytes = limits.MaxPhotoBytes,
            PosePhotoPath = posePhoto,
        };
    }

    /// <summary>What the job will use: the options given, else the style's recommendations, else the pipeline defaults.</summary>
    public GenerationSettings Generation { get; init; } = GenerationSettings.Default;

    /// <summary>--out, created and proven writable; the run removes it again if it ends without outputs and the check made it.</summary>
    public required PreparedOutputFolder Output { get; init; }

    /// <summary>The most bytes of the photo that are read (the request limit and the image loader's cap, whichever is lower).</summary>
    public long MaxPhotoBytes { get; init; }

    /// <summary>Full path of the pose reference photo (pose mode), checked like the photo; null otherwise.</summary>
    public string? PosePhotoPath { get; init; }

    /// <summary>
    /// Last, and undone if anything else is wrong: --out is created and written to now, so a job never runs only to find it
    /// cannot deliver its portraits. Throws with every problem gathered so far.
    /// </summary>
    private static PreparedOutputFolder PrepareOutputOrRefuse(string? outFolder, List<string> problems)
    {
        PreparedOutputFolder? output = null;
        if (string.IsNullOrWhiteSpace(outFolder))
        {
            problems.Add("--out needs a folder");
        }
        else
        {
            output = PreparedOutputFolder.Prepare(outFolder, out var outProblem);
            if (outProblem is not null)
            {
                problems.Add(outProblem);
            }
        }

        if (problems.Count > 0)
        {
            output?.RemoveIfUnused();
            throw new PortraitArgumentsException(problems);
        }

        return output!;
    }

    private static string? CheckPhoto(string option, string? path, JobRequestLimits limits, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Add(option == "--photo" ? "--photo is required: the face photo to portray" : $"{option} needs a file");
            return null;
        }

        // Only a regular file: a pipe would block the read, a device never end, a link loop fail after the engine started.
        if (RegularFile.Problem(path) is { } problem)
        {
            problems.Add($"{option}: {problem}");
            return null;
        }

        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            problems.Add($"{option}: the file is empty: {path}");
            return null;
        }

        if (length > limits.MaxPhotoBytes)
        {
            problems.Add($"{option}: the file is {length} bytes; the limit is {limits.MaxPhotoBytes}: {path}");
            return null;
        }

        return Path.GetFullPath(path);
    }

    /// <summary>`facechain template`: the template file and, per mapped face in order, the face index and its photo file.</summary>
    public IReadOnlyList<(int FaceIndex, string Path)>? FacePhotos { get; init; }

    /// <summary>
    /// `facechain template`: --template, one or more --face INDEX=PHOTO (one is template mode, several multiTemplate), the
    /// shared generation options; checked with the same validator as the API (indexes against the template's faces happen
    /// at submission, when the face models are loaded).
    /// </summary>
    private static PortraitPlan ForTemplate(PortraitOptions options, StyleCatalog styles, JobRequestLimits limits, ModelSetChoice? modelSet, List<string> problems)
    {
        var template = CheckPhoto("--template", options.Template, limits, problems);
        var faces = new List<(int FaceIndex, string Path)>();
        foreach (var entry in options.Faces ?? [])
        {
            var split = entry.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0 || !int.TryParse(entry.AsSpan(0, split), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                problems.Add($"--face must be INDEX=PHOTO, e.g. --face 2=me.jpg (got '{entry}')");
                continue;
            }

            if (CheckPhoto($"--face {index}", entry[(split + 1)..], limits, problems) is { } path)
            {
                faces.Add((index, path));
            }
        }

        if (options.Faces is not { Count: > 0 })
        {
            problems.Add("--face is required: INDEX=PHOTO for each template face to redraw (see `facechain faces <template>` for the indexes)");
        }

        if (!string.IsNullOrWhiteSpace(options.Style))
        {
            problems.Add("--style is not used by `template`: the template photo sets the look");
        }

        var engine = PortraitEngineChoice.From(options.Engine, options.Connection, out var engineProblem);
        if (engineProblem is not null)
        {
            problems.Add(engineProblem);
        }


        var size = options.Size ?? new PortraitJobRequest().Width;
        var placeholder = PhotoSource.FromBlob(BlobLayout.Inputs, UploadPrefix + "photo");
        var single = options.Faces is { Count: 1 } && faces.Count == 1;
        var request = new PortraitJobRequest
        {
            Mode = single ? JobMode.Template : JobMode.MultiTemplate,
            TemplatePhoto = placeholder,
            CharacterPhoto = single ? placeholder : null,
            FaceIndex = single ? faces[0].FaceIndex : null,
            Faces = single ? null : [.. faces.Select(f => new TemplateFaceMapping(f.FaceIndex, placeholder))],
            Count = options.Count,
            Width = size,
            Height = size,
            Steps = options.Steps,
            GuidanceScale = options.GuidanceScale,
            Sampler = JobArguments.ParseSampler(options.Sampler, problems),
            FaceScale = options.FaceScale,
            Strength = options.Strength,
            Seed = options.Seed,
        };
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var error in new JobRequestValidator(styles, limits).Validate(request))
        {
            var sentence = Phrase(error).Replace("faces[", "--face entry [", StringComparison.Ordinal);
            if (reported.Add(sentence))
            {
                problems.Add(sentence);
            }
        }

        var output = PrepareOutputOrRefuse(options.Out, problems);

        var settings = Pipeline.Templates.TemplateOrchestrator.SettingsFor(request);
        return new PortraitPlan(template!, request, engine!, modelSet!, output.Path, options.Models, options.CacheRoot, options.TaskHub, options.Azurite)
        {
            Generation = new GenerationSettings(settings.Steps, settings.GuidanceScale, settings.Sampler),
            FacePhotos = faces,
            Output = output,
            MaxPhotoBytes = limits.MaxPhotoBytes,
        };
    }

    /// <summary>The validator's sentence with its JSON field replaced by the option the user typed ("--count must be between 1 and 8 (got 9)").</summary>
    private static string Phrase(ValidationError error)
    {
        if (!OptionOfField.TryGetValue(error.Field, out var option))
        {
            return $"{error.Field}: {error.Message}";
        }

        // Width and height both come from --size, so their sentences coincide and are reported once.
        return error.Message.StartsWith(error.Field + " ", StringComparison.Ordinal)
            ? option + error.Message[error.Field.Length..]
            : $"{option}: {error.Message}";
    }
}
