using FaceChain.Diffusion.Lora;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Diffusion.Pipeline;
using FaceChain.Diffusion.Text;
using FaceChain.Inference;
using FaceChain.Pipeline.ModelSets;
using TinyModelSetOptions = FaceChain.TinyModels.TinyModelSetOptions;
using TinyModelSetWriter = FaceChain.TinyModels.TinyModelSetWriter;

namespace FaceChain.Pipeline.Engines;

/// <summary>
/// The process's one model set and <see cref="DiffusionPipeline"/>. Without a configured folder it is the generated
/// tiny random set (<see cref="TinySetName"/>), written once into the cache (temp folder + move, so a crash never leaves
/// half a set) and reused while it is intact. A set downloaded from blob storage (<see cref="ModelSetCache"/>) is fetched
/// and verified by <see cref="EnsureReadyAsync"/>, once, at first use; until then reading it is a
/// <see cref="ModelSetUnavailableException"/> (transient), never a blocking download. The pipeline keeps no per-call state,
/// so parallel activities share it.
/// </summary>
public sealed class ModelSetProvider
{
    public const string TinySetName = "tiny-random-v1";
    private const int TinySetSeed = 1;

    private readonly ModelSetOptions _options;
    private readonly OnnxSessionCache _sessions;
    private readonly Lazy<string> _folder;
    private readonly Lazy<ModelSetManifest> _manifest;
    private readonly Lazy<DiffusionPipeline> _pipeline;
    private readonly Lazy<ClipTokenizer> _tokenizer;
    private readonly Lazy<LoraMapping> _loraMapping;
    private readonly ModelSetCache? _download;
    private readonly SemaphoreSlim _downloading = new(1, 1);
    private volatile string? _downloaded;

    /// <param name="download">Where the set comes from when it is not on local disk yet; null: <see cref="ModelSetOptions.Folder"/> or the tiny set.</param>
    public ModelSetProvider(ModelSetOptions options, OnnxSessionCache sessions, ModelSetCache? download = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _download = download;
        _folder = new(ResolveFolder);
        _manifest = new(() => ModelSetLoader.ReadManifest(Folder));
        _pipeline = new(LoadPipeline);
        _tokenizer = new(() => ClipTokenizer.FromFolder(TokenizerFolder(), Manifest.Text.MaxLength));
        _loraMapping = new(LoadLoraMapping);
    }

    /// <summary>True when no folder was configured and the generated tiny set is used.</summary>
    public bool IsGeneratedTinySet => _options.Folder is null && _download is null;

    /// <summary>True once the set is on local disk and verified (always, for a configured folder or the tiny set).</summary>
    public bool IsReady => _download is null || _downloaded is not null;

    /// <summary>
    /// Downloads and verifies a blob set the first time it is called (concurrent callers share that one download; a failed
    /// one is tried again by the next call); completes at once when the set is local. Callers that may be the first to
    /// touch the set (activities, the submitter) await this before reading it.
    /// </summary>
    /// <exception cref="ModelSetUnavailableException">The set is not in storage yet or fails verification.</exception>
    public async Task EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        if (IsReady)
        {
            return;
        }

        await _downloading.WaitAsync(cancellationToken);
        try
        {
            _downloaded ??= await _download!.PrepareAsync(cancellationToken);
        }
        finally
        {
            _downloading.Release();
        }
    }

    public string Folder => Ready(_folder).Value;

    /// <summary>The manifest only (cheap: no model is opened); submission reads the image size multiple from it.</summary>
    public ModelSetManifest Manifest => Ready(_manifest).Value;

    public string Name => Manifest.Name;

    /// <summary>The loaded pipeline (sessions opened and signatures checked on first use).</summary>
    public DiffusionPipeline Pipeline => Ready(_pipeline).Value;

    /// <summary>The CLIP tokenizer the pipeline uses (also for pipelines over fused variants of this set).</summary>
    public ClipTokenizer Tokenizer => Ready(_tokenizer).Value;

    /// <summary>
    /// The set's lora_mapping.json (cheap: no model is opened). A set without a usable one cannot take LoRA styles, which is
    /// a <see cref="ModelSetException"/>: the set, not the LoRA, is at fault.
    /// </summary>
    public LoraMapping LoraMapping => Ready(_loraMapping).Value;

    /// <summary>Where the generated tiny set lives under a cache root.</summary>
    public static string TinySetFolder(string cacheRoot) => Path.Combine(cacheRoot, "modelsets", TinySetName);

    /// <summary>Writes the tiny random set under <paramref name="cacheRoot"/> unless an intact copy is there; returns its folder.</summary>
    public static string EnsureTinySet(string cacheRoot)
    {
        var folder = TinySetFolder(cacheRoot);
        if (IsIntact(folder))
        {
            return folder;
        }

        var parent = Path.GetDirectoryName(folder)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{TinySetName}.{Guid.NewGuid():N}.tmp");
        try
        {
            TinyModelSetWriter.Write(staging, new TinyModelSetOptions { Seed = TinySetSeed, Name = TinySetName });
            if (Directory.Exists(folder))
            {
                // Present but not intact (an interrupted older layout or a damaged file): replace it.
                Directory.Delete(folder, recursive: true);
            }

            try
            {
                Directory.Move(staging, folder);
            }
            catch (IOException) when (IsIntact(folder))
            {
                // Another process finished the same set first; theirs is identical.
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return folder;
    }

    private static bool IsIntact(string folder)
    {
        try
        {
            var manifest = ModelSetLoader.ReadManifest(folder);
            // A copy written before the set gained its pose and Canny ControlNets is rewritten, so pose and template jobs
            // run with them on a machine that cached an older set.
            return manifest.Name == TinySetName
                && manifest.ControlNets is { } controlNets && controlNets.ContainsKey(Activities.PoseControl.ControlNetName)
                && controlNets.ContainsKey(Templates.RedrawStages.Canny)
                && manifest.Components.Values.Concat(controlNets.Values).All(c => File.Exists(Path.Combine(folder, c.File)));
        }
        catch (ModelSetException)
        {
            return false;
        }
    }

    // Checked before a Lazy is touched: a Lazy would keep the "not downloaded yet" exception for good.
    private Lazy<T> Ready<T>(Lazy<T> value) => IsReady
        ? value
        : throw new ModelSetUnavailableException(
            $"model set {_download!.Source} is not downloaded yet (it is fetched at first use, see {nameof(EnsureReadyAsync)})");

    private string ResolveFolder()
    {
        if (_downloaded is { } downloaded)
        {
            return downloaded;
        }

        if (_options.Folder is { } configured)
        {
            if (!Directory.Exists(configured))
            {
                throw new ModelSetException($"model set folder '{configured}' does not exist");
            }

            return Path.GetFullPath(configured);
        }

        return EnsureTinySet(_options.CacheRoot);
    }

    private DiffusionPipeline LoadPipeline() => new(new ModelSetLoader(_sessions).Load(Folder), Tokenizer);

    private LoraMapping LoadLoraMapping()
    {
        try
        {
            return LoraMapping.Load(Folder, Manifest);
        }
        catch (LoraException e)
        {
            throw new ModelSetException(e.Message, e);
        }
    }

    private string TokenizerFolder()
    {
        if (_options.TokenizerFolder is { } configured)
        {
            return configured;
        }

        var bundled = Path.Combine(Folder, "tokenizer");
        if (File.Exists(Path.Combine(bundled, "vocab.json")))
        {
            return bundled;
        }

        var shared = SharedFolderLocator.Find(AppContext.BaseDirectory);
        if (shared is not null && File.Exists(Path.Combine(shared, "tokenizer", "vocab.json")))
        {
            return Path.Combine(shared, "tokenizer");
        }

        throw new ModelSetException(
            $"no CLIP tokenizer found: put vocab.json and merges.txt in '{bundled}', configure a tokenizer folder, or set {SharedFolderLocator.SharedFolderVariable}");
    }
}
