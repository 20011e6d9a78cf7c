using FaceChain.Inference;

namespace FaceChain.Testing;

/// <summary>
/// The real models and photos in ../shared (or FACECHAIN_SHARED). Tests fail loudly when the folder
/// is missing rather than skipping: CI always has it beside the clone.
/// </summary>
public static class SharedAssets
{
    private static readonly Lazy<string> Root = new(() =>
        SharedFolderLocator.Find(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException(
            $"the shared asset folder was not found beside any ancestor of {AppContext.BaseDirectory}; set {SharedFolderLocator.SharedFolderVariable}"));

    public static string Folder => Root.Value;

    public static string ModelsFolder => Path.Combine(Folder, "models");

    public static string TokenizerFolder => Path.Combine(Folder, "tokenizer");

    public static string Image(string relative) => Path.Combine(Folder, "images", relative);

    public static IReadOnlyList<string> SinglePortraits =>
        Directory.GetFiles(Path.Combine(Folder, "images", "single")).Order(StringComparer.Ordinal).ToArray();

    public static string GroupOfFive => Image("group/pexels-fauxels-3184419.jpg");

    public static string GroupOfTwo => Image("group/pexels-jack-sparrow-4046265.jpg");

    /// <summary>A beach with palm trees and no person: for "no face found" paths.</summary>
    public static string NoPersonScene => Image("scenes/pexels-elena-zhuravleva-1457812.jpg");

    /// <summary>One person leaning forward with a dumbbell: the pose reference photo.</summary>
    public static string PoseReference => Image("pose/pexels-the-lazy-artist-gallery-2247179.jpg");

    /// <summary>A resolver that reads only the shared folder (no download, no user cache).</summary>
    public static ModelResolver Resolver() => new(new ModelSourceOptions
    {
        ModelsFolder = ModelsFolder,
        CacheFolder = Path.Combine(Path.GetTempPath(), "facechain-test-cache"),
        AllowDownload = false,
    });

    public static string ModelPath(ModelDescriptor model) => Resolver().Resolve(model);
}
