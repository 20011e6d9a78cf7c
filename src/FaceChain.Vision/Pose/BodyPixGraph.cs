using Google.Protobuf;
using Onnx;

namespace FaceChain.Vision.Pose;

/// <summary>
/// The BodyPix graph as the pose estimator opens it. The file (a TensorFlow.js conversion) lists every weight among its
/// graph inputs, which tells ONNX Runtime they may be overridden at run time, so it neither folds them nor pre-packs the
/// convolution weights: the same model runs about twice as fast once they are plain initializers. Only the four PoseNet
/// heads the decoder reads are kept as outputs, so the segmentation and body-part heads are pruned too.
/// </summary>
public static class BodyPixGraph
{
    /// <summary>Names this rewrite in the session cache.</summary>
    public const string Variant = "posenet-heads-constant-weights";

    public static readonly IReadOnlyList<string> Heads = ["heatmaps", "short_offsets", "displacement_fwd", "displacement_bwd"];

    public static byte[] Prepare(string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ModelProto model;
        using (var file = File.OpenRead(modelPath))
        {
            model = ModelProto.Parser.ParseFrom(file);
        }

        var graph = model.Graph;
        var weights = graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = graph.Input.Where(i => !weights.Contains(i.Name)).ToList();
        graph.Input.Clear();
        graph.Input.AddRange(inputs);

        var missing = Heads.Except(graph.Output.Select(o => o.Name), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"pose model has no output '{missing[0]}'");
        }

        var heads = graph.Output.Where(o => Heads.Contains(o.Name, StringComparer.Ordinal)).ToList();
        graph.Output.Clear();
        graph.Output.AddRange(heads);
        PruneTo(graph, Heads);
        return model.ToByteArray();
    }

    /// <summary>Keeps only the nodes and weights the given outputs depend on (ONNX lists nodes in topological order).</summary>
    private static void PruneTo(GraphProto graph, IEnumerable<string> outputs)
    {
        var needed = new HashSet<string>(outputs, StringComparer.Ordinal);
        var kept = new List<NodeProto>();
        for (int i = graph.Node.Count - 1; i >= 0; i--)
        {
            var node = graph.Node[i];
            if (node.Output.Any(needed.Contains))
            {
                kept.Add(node);
                needed.UnionWith(node.Input);
            }
        }

        kept.Reverse();
        graph.Node.Clear();
        graph.Node.AddRange(kept);
        var weights = graph.Initializer.Where(w => needed.Contains(w.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(weights);
    }
}
