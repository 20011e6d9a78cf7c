using System.Text.Json;
using System.Text.Json.Serialization;
using FaceChain.Inference;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceChain.Diffusion.ModelSets;

/// <summary>
/// Reads modelset.json, verifies every component's sha256, opens sessions through the shared cache and
/// checks each session's real signature against the manifest so a mismatched export fails at load, not mid-run.
/// </summary>
public sealed class ModelSetLoader(OnnxSessionCache sessions)
{
    private static readonly string[] RequiredComponents =
        [ComponentNames.TextEncoder, ComponentNames.FaceEncoder, ComponentNames.UNet, ComponentNames.VaeDecoder];

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Parses and value-checks a manifest without opening any model; <paramref name="requireAll"/> false allows a partial (e.g. VAE-only) set.</summary>
    public static ModelSetManifest ReadManifest(string folder, bool requireAll = true)
    {
        var path = Path.Combine(folder, ModelSetManifest.FileName);
        if (!File.Exists(path))
        {
            throw new ModelSetException($"model set folder '{folder}' has no {ModelSetManifest.FileName}");
        }

        ModelSetManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelSetManifest>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ModelSetException($"{path}: invalid JSON: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new ModelSetException($"{path}: empty manifest");
        }

        ValidateValues(manifest, requireAll);
        return manifest;
    }

    /// <summary>Checks a manifest's numbers; <paramref name="requireAll"/> false allows a partial (e.g. VAE-only) set.</summary>
    public static void ValidateValues(ModelSetManifest manifest, bool requireAll)
    {
        void Require(bool condition, string what)
        {
            if (!condition)
            {
                throw new ModelSetException($"model set '{manifest.Name}': {what}");
            }
        }

        Require(manifest.Latent is not null, "missing 'latent'");
        Require(manifest.Latent!.Channels > 0, $"latent.channels must be > 0 (got {manifest.Latent.Channels})");
        Require(manifest.Latent.ScalingFactor > 0, $"latent.scalingFactor must be > 0 (got {manifest.Latent.ScalingFactor})");
        Require(manifest.Latent.Downscale > 0, $"latent.downscale must be > 0 (got {manifest.Latent.Downscale})");
        Require(manifest.Image is not null, "missing 'image'");
        Require(manifest.ImageSizeMultiple > 0 && manifest.ImageSizeMultiple % manifest.Latent.Downscale == 0,
            $"imageSizeMultiple must be a positive multiple of latent.downscale (got {manifest.ImageSizeMultiple})");
        Require(manifest.Components is { Count: > 0 }, "no components");
        if (!requireAll)
        {
            return;
        }

        Require(manifest.Scheduler is not null, "missing 'scheduler'");
        Require(manifest.Scheduler!.TrainTimesteps > 0, $"scheduler.trainTimesteps must be > 0 (got {manifest.Scheduler.TrainTimesteps})");
        Require(manifest.Scheduler.BetaStart > 0 && manifest.Scheduler.BetaEnd > manifest.Scheduler.BetaStart && manifest.Scheduler.BetaEnd < 1,
            "scheduler betas must satisfy 0 < betaStart < betaEnd < 1");
        Require(manifest.Scheduler.StepsOffset >= 0, "scheduler.stepsOffset must be >= 0");
        Require(manifest.Text is { MaxLength: > 2, HiddenSize: > 0 }, "text.maxLength must be > 2 and text.hiddenSize > 0");
        Require(manifest.Face is { TokenCount: > 0, HiddenSize: > 0, AlignedSize: > 0 }, "face.tokenCount, hiddenSize and alignedSize must be > 0");
        foreach (var required in RequiredComponents)
        {
            Require(manifest.Components.ContainsKey(required), $"missing required component '{required}'");
        }
    }

    /// <summary>Loads a full FACT model set.</summary>
    public ModelSet Load(string folder) => Load(folder, ReadManifest(folder));

    /// <summary>Loads a partial set (e.g. only a VAE) whose manifest lists just the components it has.</summary>
    public ModelSet LoadPartial(string folder) => Load(folder, ReadManifest(folder, requireAll: false));

    /// <summary>Loads whatever components <paramref name="manifest"/> lists (already value-checked by the caller).</summary>
    public ModelSet Load(string folder, ModelSetManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var loaded = new Dictionary<string, LoadedComponent>(StringComparer.Ordinal);
        foreach (var (name, spec) in manifest.Components)
        {
            loaded[name] = LoadComponent(folder, name, spec);
        }

        var controlNets = new Dictionary<string, LoadedComponent>(StringComparer.Ordinal);
        foreach (var (name, spec) in manifest.ControlNets ?? new Dictionary<string, ComponentSpec>())
        {
            var label = $"controlnet '{name}'";
            ValidateControlNetContract(label, spec, loaded.TryGetValue(ComponentNames.UNet, out var unet) ? unet.Spec : null);
            controlNets[name] = LoadComponent(folder, label, spec);
        }

        return new ModelSet(folder, manifest, loaded, sessions.ActiveOptions, controlNets);
    }

    private LoadedComponent LoadComponent(string folder, string name, ComponentSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.File))
        {
            throw new ModelSetException($"{name}: manifest gives no file");
        }

        var path = Path.GetFullPath(Path.Combine(folder, spec.File));
        if (!File.Exists(path))
        {
            throw new ModelSetException($"{name}: file '{spec.File}' does not exist in '{folder}'");
        }

        try
        {
            FileHashVerifier.Verify(path, spec.Sha256);
        }
        catch (ModelIntegrityException e)
        {
            throw new ModelSetException($"{name}: file '{spec.File}' fails its sha256 check: {e.Message}", e);
        }

        VerifyExternalData(folder, name, spec);

        var session = sessions.Get(path);
        ValidateSignature(name, spec, session);
        return new LoadedComponent(name, path, spec, session);
    }

    /// <summary>
    /// A ControlNet must take the five contract inputs and give exactly the 13 residuals, each with the channel count and
    /// spatial dims of the UNet input of the same name, so a mismatched pair fails at load rather than mid-generation.
    /// </summary>
    private static void ValidateControlNetContract(string label, ComponentSpec controlNet, ComponentSpec? unet)
    {
        foreach (var input in ControlNetResiduals.ControlNetInputs)
        {
            if (controlNet.Inputs.All(t => t.Name != input))
            {
                throw new ModelSetException($"{label}: manifest declares no input '{input}'");
            }
        }

        var outputs = controlNet.Outputs.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (outputs.Count != ControlNetResiduals.Names.Count || !ControlNetResiduals.Names.All(outputs.Contains))
        {
            throw new ModelSetException(
                $"{label}: outputs must be exactly the 13 residuals {ControlNetResiduals.Names[0]} … {ControlNetResiduals.Names[^1]} (got {string.Join(", ", outputs)})");
        }

        if (unet is null || !ControlNetResiduals.IsDeclaredBy(unet))
        {
            throw new ModelSetException($"{label}: the set's unet has no ControlNet residual inputs, so it cannot take a ControlNet");
        }

        foreach (var name in ControlNetResiduals.Names)
        {
            var produced = controlNet.Outputs.First(t => t.Name == name);
            var consumed = unet.Inputs.First(t => t.Name == name);
            var same = produced.Shape.Count == 4 && consumed.Shape.Count == 4
                && Enumerable.Range(1, 3).All(i => produced.Shape[i].ToString() == consumed.Shape[i].ToString());
            if (!same)
            {
                throw new ModelSetException(
                    $"{label}: output '{name}' is [{string.Join(", ", produced.Shape)}] but the unet takes [{string.Join(", ", consumed.Shape)}]");
            }
        }
    }

    // ONNX Runtime reads external data by the location written in the graph, so the graph's hash alone would not
    // notice replaced weights: every data file is pinned too.
    private static void VerifyExternalData(string folder, string component, ComponentSpec spec)
    {
        foreach (var data in spec.ExternalData ?? [])
        {
            var path = Path.GetFullPath(Path.Combine(folder, data.File));
            if (!File.Exists(path))
            {
                throw new ModelSetException($"{component}: external data file '{data.File}' does not exist in '{folder}'");
            }

            try
            {
                FileHashVerifier.Verify(path, data.Sha256);
            }
            catch (ModelIntegrityException e)
            {
                throw new ModelSetException($"{component}: external data file '{data.File}' fails its sha256 check: {e.Message}", e);
            }
        }
    }

    private static void ValidateSignature(string component, ComponentSpec spec, InferenceSession session)
    {
        Check(component, "input", spec.Inputs, session.InputMetadata);
        Check(component, "output", spec.Outputs, session.OutputMetadata);
    }

    private static void Check(string component, string kind, IReadOnlyList<TensorSpec> declared, IReadOnlyDictionary<string, NodeMetadata> actual)
    {
        foreach (var tensor in declared)
        {
            if (!actual.TryGetValue(tensor.Name, out var meta))
            {
                throw new ModelSetException(
                    $"{component}: manifest names {kind} '{tensor.Name}' but the model has no such {kind} (it has: {string.Join(", ", actual.Keys)})");
            }

            var expectedType = ElementType(component, tensor);
            if (meta.ElementDataType != expectedType)
            {
                throw new ModelSetException(
                    $"{component}: {kind} '{tensor.Name}' is {meta.ElementDataType} in the model but the manifest says {tensor.Dtype}");
            }

            if (meta.Dimensions.Length != tensor.Shape.Count)
            {
                throw new ModelSetException(
                    $"{component}: {kind} '{tensor.Name}' has rank {meta.Dimensions.Length} in the model but the manifest says {tensor.Shape.Count}");
            }

            for (var i = 0; i < tensor.Shape.Count; i++)
            {
                if (tensor.FixedDim(i) is { } fixedDim && meta.Dimensions[i] >= 0 && meta.Dimensions[i] != fixedDim)
                {
                    throw new ModelSetException(
                        $"{component}: {kind} '{tensor.Name}' dim {i} is {meta.Dimensions[i]} in the model but the manifest says {fixedDim}");
                }
            }
        }

        foreach (var name in actual.Keys)
        {
            if (kind == "input" && declared.All(t => t.Name != name))
            {
                throw new ModelSetException($"{component}: the model has input '{name}' that the manifest does not declare");
            }
        }
    }

    private static TensorElementType ElementType(string component, TensorSpec tensor) => tensor.Dtype switch
    {
        "float32" => TensorElementType.Float,
        "float16" => TensorElementType.Float16,
        "int32" => TensorElementType.Int32,
        "int64" => TensorElementType.Int64,
        _ => throw new ModelSetException($"{component}: tensor '{tensor.Name}' has unknown dtype '{tensor.Dtype}'"),
    };
}
