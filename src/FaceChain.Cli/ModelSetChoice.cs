using FaceChain.Diffusion.ModelSets;
using FaceChain.Pipeline.Engines;
using FaceChain.TinyModels;

namespace FaceChain.Cli;

/// <summary>
/// The model set a portrait job generates with: the generated tiny random-weight set by default (so the command works on
/// a fresh machine), or a folder with modelset.json given by path, or by name under {cache}/modelsets/.
/// </summary>
/// <param name="Folder">The model set folder; null for the generated tiny set (written into the cache on first use).</param>
public sealed record ModelSetChoice(string? Folder, string Name, int ImageSizeMultiple)
{
    public bool IsGeneratedTinySet => Folder is null;

    public static ModelSetChoice GeneratedTinySet { get; } =
        new(null, ModelSetProvider.TinySetName, TinyModelSetOptions.ImageSizeMultiple);

    /// <summary>One plain sentence saying what the outputs will be, printed before the job runs.</summary>
    public string Notice => IsGeneratedTinySet
        ? $"model set: {Name} (generated tiny random weights): outputs are noise-like test images, not portraits; pass --model-set for real weights"
        : $"model set: {Name} ({Folder})";

    /// <summary>Resolves --model-set; reads only the manifest (no model is opened).</summary>
    /// <exception cref="ModelSetException">The path or name names no usable model set; the message says where it looked.</exception>
    public static ModelSetChoice Resolve(string? pathOrName, string cacheRoot)
    {
        if (string.IsNullOrWhiteSpace(pathOrName) || pathOrName == ModelSetProvider.TinySetName)
        {
            return GeneratedTinySet;
        }

        var modelSets = Path.Combine(cacheRoot, "modelsets");
        var named = Path.Combine(modelSets, pathOrName);
        string folder;
        if (Directory.Exists(pathOrName))
        {
            folder = Path.GetFullPath(pathOrName);
        }
        else if (IsPlainName(pathOrName) && Directory.Exists(named))
        {
            folder = named;
        }
        else
        {
            var known = Directory.Exists(modelSets)
                ? Directory.GetDirectories(modelSets).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).Order(StringComparer.Ordinal).ToList()
                : [];
            var names = string.Join(", ", known.Prepend(ModelSetProvider.TinySetName));
            throw new ModelSetException(
                File.Exists(pathOrName) ? $"'{pathOrName}' is a file; give a model set folder (with {FaceChain.Diffusion.ModelSets.ModelSetManifest.FileName}) or a name under {modelSets} (known names: {names})"
                : IsPlainName(pathOrName) ? $"model set '{pathOrName}' is neither a folder nor a name under {modelSets} (known names: {names})"
                : $"model set folder not found: {Path.GetFullPath(pathOrName)} (a plain name is looked up under {modelSets}; known names: {names})");
        }

        var manifest = ModelSetLoader.ReadManifest(folder);
        return new ModelSetChoice(folder, manifest.Name, manifest.ImageSizeMultiple);
    }

    private static bool IsPlainName(string value) =>
        value.IndexOfAny([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]) < 0 && value is not "." and not "..";
}
