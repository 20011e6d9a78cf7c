using FaceChain.Hosting;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Cli;

/// <summary>The `facechain portrait` command line as typed, before validation (see <see cref="PortraitPlan.From"/>).</summary>
public sealed record PortraitOptions
{
    public const int DefaultCount = 4;
    public const string DefaultOutputFolder = "out";

    /// <summary>
    /// The CLI's own task hub. Not the deployment's: a CLI worker on the app's hub would take its partition leases and run
    /// (or starve) the app's jobs on the laptop.
    /// </summary>
    public const string DefaultTaskHub = "FaceChainCli";

    /// <summary>The task hub the Azure deployment uses (infra/names.json <c>durableTaskHub</c>).</summary>
    public const string DeploymentTaskHub = "FaceChain";

    public string? Photo { get; init; }

    /// <summary>`facechain template`: the template photo whose faces are redrawn (null for `portrait`).</summary>
    public string? Template { get; init; }

    /// <summary>`facechain template`: each --face as typed, "INDEX=PHOTO".</summary>
    public IReadOnlyList<string>? Faces { get; init; }

    /// <summary>`facechain template`: image-to-image strength of each redraw (null: 0.6).</summary>
    public float? Strength { get; init; }

    public string? Style { get; init; }

    public int Count { get; init; } = DefaultCount;

    public string Out { get; init; } = DefaultOutputFolder;

    /// <summary>Width and height of every portrait.</summary>
    public int? Size { get; init; }

    public ulong? Seed { get; init; }

    /// <summary>Null: the style's recommendation, else the pipeline default (as for the next two).</summary>
    public int? Steps { get; init; }

    public float? GuidanceScale { get; init; }

    /// <summary>The sampler's contract name (dpmpp2mKarras, ddim, eulerAncestral).</summary>
    public string? Sampler { get; init; }

    public float? FaceScale { get; init; }

    /// <summary>A pose reference photo: the job runs in pose mode.</summary>
    public string? PosePhoto { get; init; }

    public float? PoseScale { get; init; }

    public string? Engine { get; init; }

    public string? Connection { get; init; }

    public string? ModelSet { get; init; }

    /// <summary>Durable task hub on Azure Storage (azurite and storage engines): jobs of other hubs in the same account are not seen.</summary>
    public string TaskHub { get; init; } = DefaultTaskHub;

    /// <summary>Lets --engine storage run on <see cref="DeploymentTaskHub"/> (--allow-deployment-hub), which is refused otherwise.</summary>
    public bool AllowDeploymentHub { get; init; }

    /// <summary>FaceChain's cache (the generated tiny model set, named model sets, local blobs); from FACECHAIN_CACHE by default.</summary>
    public string CacheRoot { get; init; } = ModelSetOptions.DefaultCacheRoot();

    /// <summary>How the azurite engine finds Node.js and the npm package (no command-line option: the defaults suit a checkout).</summary>
    public AzuriteOptions Azurite { get; init; } = new();

    /// <summary>Folder with the face models (YuNet, MobileFaceNet); else FACECHAIN_MODELS, the cache, ../shared.</summary>
    public string? Models { get; init; }
}
