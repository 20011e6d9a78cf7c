namespace FaceChain.Inference;

/// <summary>Which ONNX Runtime execution provider runs a session.</summary>
public enum ExecutionProvider
{
    Cpu,
    Cuda,
    TensorRT,
}
