using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace FaceChain.TinyModels;

/// <summary>
/// Builds one ONNX graph (opset 17, IR version 8) node by node. All arithmetic inside the graph is
/// float32; half precision only changes storage: float16 graph inputs/outputs are cast at the
/// boundary and, when <c>halfPrecisionWeights</c> is set, weights are stored as float16 and cast up.
/// </summary>
public sealed class OnnxGraphBuilder
{
    public const long OpsetVersion = 17;
    public const long IrVersion = 8;

    private const int OnnxFloat = 1;
    private const int OnnxInt32 = 6;
    private const int OnnxInt64 = 7;
    private const int OnnxFloat16 = 10;

    private readonly GraphProto _graph;
    private readonly bool _halfPrecisionWeights;
    private readonly ExternalDataWriter? _externalData;
    private readonly SortedDictionary<string, LoraTargetEntry> _loraTargets = new(StringComparer.Ordinal);
    private int _nameCounter;

    /// <param name="externalData">When given, every weight goes into this external-data file instead of the model bytes.</param>
    public OnnxGraphBuilder(string graphName, bool halfPrecisionWeights = false, ExternalDataWriter? externalData = null)
    {
        _graph = new GraphProto { Name = graphName };
        _halfPrecisionWeights = halfPrecisionWeights;
        _externalData = externalData;
    }

    /// <summary>Trained-parameter elements added through <see cref="Weight"/> (what a PyTorch model's parameter count counts).</summary>
    public long ParameterCount { get; private set; }

    /// <summary>Every Linear and Conv weight so far, by module path (the prefix given to <see cref="Linear"/>/<see cref="Conv"/>).</summary>
    public IReadOnlyDictionary<string, LoraTargetEntry> LoraTargets => _loraTargets;

    /// <summary>Declares a graph input; returns the float32 (or integer) tensor name to compute with.</summary>
    public string Input(TensorSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        _graph.Input.Add(ValueInfo(signature));
        return signature.Dtype == TensorSignature.Float16
            ? Node("Cast", [signature.Name], OnnxAttributes.Int("to", OnnxFloat))
            : signature.Name;
    }

    /// <summary>Exposes a computed float32 tensor as a graph output with the signature's name and dtype.</summary>
    public void Output(string tensor, TensorSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.Dtype == TensorSignature.Float16)
        {
            NodeInto("Cast", [tensor], [signature.Name], OnnxAttributes.Int("to", OnnxFloat16));
        }
        else
        {
            NodeInto("Identity", [tensor], [signature.Name]);
        }

        _graph.Output.Add(ValueInfo(signature));
    }

    /// <summary>A trained-parameter tensor (stored as float16 in half-precision graphs).</summary>
    public string Weight(string name, float[] values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        ParameterCount += values.Length;
        if (!_halfPrecisionWeights)
        {
            var single = new TensorProto { Name = name, DataType = OnnxFloat };
            single.Dims.AddRange(dims);
            StoreData<float>(single, values);
            _graph.Initializer.Add(single);
            return name;
        }

        var halves = new ushort[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            halves[i] = BitConverter.HalfToUInt16Bits((Half)values[i]);
        }

        var tensor = new TensorProto { Name = name + "_fp16", DataType = OnnxFloat16 };
        tensor.Dims.AddRange(dims);
        StoreData<ushort>(tensor, halves);
        _graph.Initializer.Add(tensor);
        return Node("Cast", [tensor.Name], OnnxAttributes.Int("to", OnnxFloat));
    }

    /// <summary>A name no other tensor of this graph has, for constants that repeat per layer.</summary>
    public string UniqueName(string hint) => $"{hint}_{_nameCounter++}";

    /// <summary>A float32 constant that must keep full precision (schedule tables, frequencies, targets).</summary>
    public string ConstantFloats(string name, float[] values, params long[] dims)
    {
        _graph.Initializer.Add(FloatTensor(name, values, dims));
        return name;
    }

    public string ConstantInt64s(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = OnnxInt64, RawData = RawBytes<long>(values) };
        tensor.Dims.Add(values.Length);
        _graph.Initializer.Add(tensor);
        return name;
    }

    public string ScalarFloat(string name, float value)
    {
        _graph.Initializer.Add(FloatTensor(name, [value]));
        return name;
    }

    /// <summary>Adds a node with one generated output name and returns it.</summary>
    public string Node(string opType, string[] inputs, params AttributeProto[] attributes)
    {
        string output = $"{opType.ToLowerInvariant()}_{_nameCounter}";
        NodeInto(opType, inputs, [output], attributes);
        return output;
    }

    public void NodeInto(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_nameCounter++}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
    }

    public string MatMul(string a, string b) => Node("MatMul", [a, b]);

    public string Add(string a, string b) => Node("Add", [a, b]);

    public string Mul(string a, string b) => Node("Mul", [a, b]);

    public string Silu(string x) => Mul(x, Node("Sigmoid", [x]));

    /// <summary>x·W (+ b) over the last axis, with Xavier weights drawn from <paramref name="weights"/>.</summary>
    public string Linear(string prefix, string x, int inFeatures, int outFeatures, SeededWeights weights, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(weights);
        string w = Weight(prefix + ".weight", weights.Xavier(inFeatures * outFeatures, inFeatures, outFeatures), inFeatures, outFeatures);
        RecordTarget(prefix, transposed: true, inFeatures, outFeatures);
        string product = MatMul(x, w);
        return bias ? Add(product, Weight(prefix + ".bias", weights.Uniform(outFeatures, 0.02), outFeatures)) : product;
    }

    /// <summary>2-D convolution over NCHW with square kernel, "same"-style padding of kernel/2 unless <paramref name="padding"/> says otherwise.</summary>
    public string Conv(string prefix, string x, int inChannels, int outChannels, int kernel, int stride, SeededWeights weights, int? padding = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        int fanIn = inChannels * kernel * kernel;
        int fanOut = outChannels * kernel * kernel;
        string w = Weight(prefix + ".weight", weights.Xavier(outChannels * fanIn, fanIn, fanOut), outChannels, inChannels, kernel, kernel);
        RecordTarget(prefix, transposed: false, outChannels, inChannels, kernel, kernel);
        string b = Weight(prefix + ".bias", weights.Uniform(outChannels, 0.02), outChannels);
        long pad = padding ?? kernel / 2;
        return Node(
            "Conv",
            [x, w, b],
            OnnxAttributes.Ints("kernel_shape", kernel, kernel),
            OnnxAttributes.Ints("pads", pad, pad, pad, pad),
            OnnxAttributes.Ints("strides", stride, stride));
    }

    /// <summary>Serialises the finished graph as a complete model.</summary>
    public byte[] ToModelBytes(string producerDoc)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "FaceChain.TinyModels",
            ProducerVersion = "1",
            DocString = producerDoc ?? string.Empty,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        return model.ToByteArray();
    }

    private void RecordTarget(string module, bool transposed, params long[] dims)
    {
        // Half-precision graphs store the weight as "<name>_fp16" and cast it up; the override must hit the stored tensor.
        string initializer = _halfPrecisionWeights ? module + ".weight_fp16" : module + ".weight";
        string dtype = _halfPrecisionWeights ? TensorSignature.Float16 : TensorSignature.Float32;
        _loraTargets[module] = new LoraTargetEntry(initializer, dims, transposed, dtype);
    }

    private void StoreData<T>(TensorProto tensor, T[] values)
        where T : struct
    {
        // Tiny vectors (biases, norms) stay inline: thousands of 4 KiB-aligned slots would bloat the data file.
        if (_externalData is not null && values.Length >= 1024)
        {
            _externalData.Store<T>(tensor, values);
        }
        else
        {
            tensor.RawData = RawBytes(values);
        }
    }

    private static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = OnnxFloat, RawData = RawBytes<float>(values) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    // ONNX raw_data is little-endian; every platform ONNX Runtime ships for is too.
    private static ByteString RawBytes<T>(T[] values)
        where T : struct => ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));

    private static ValueInfoProto ValueInfo(TensorSignature signature)
    {
        var shape = new TensorShapeProto();
        foreach (object dim in signature.Shape)
        {
            shape.Dim.Add(dim switch
            {
                int fixedSize => new TensorShapeProto.Types.Dimension { DimValue = fixedSize },
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                _ => throw new ArgumentException($"Dimension '{dim}' of '{signature.Name}' is neither int nor string.", nameof(signature)),
            });
        }

        var tensorType = new TypeProto.Types.Tensor { ElemType = ElementType(signature.Dtype), Shape = shape };
        return new ValueInfoProto { Name = signature.Name, Type = new TypeProto { TensorType = tensorType } };
    }

    private static int ElementType(string dtype) => dtype switch
    {
        TensorSignature.Float32 => OnnxFloat,
        TensorSignature.Float16 => OnnxFloat16,
        TensorSignature.Int32 => OnnxInt32,
        TensorSignature.Int64 => OnnxInt64,
        _ => throw new ArgumentException($"Unsupported tensor dtype '{dtype}'.", nameof(dtype)),
    };
}
