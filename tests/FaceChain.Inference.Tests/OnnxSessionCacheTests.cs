using FaceChain.Inference;
using FaceChain.Testing;

namespace FaceChain.Inference.Tests;

public sealed class OnnxSessionCacheTests
{
    [Fact]
    public void One_session_per_model_is_shared_across_threads()
    {
        using var cache = new OnnxSessionCache(new InferenceOptions());
        var path = SharedAssets.ModelPath(KnownModels.YuNetFaceDetector);

        var sessions = new Microsoft.ML.OnnxRuntime.InferenceSession[8];
        Parallel.For(0, sessions.Length, i => sessions[i] = cache.Get(path));

        Assert.All(sessions, s => Assert.Same(sessions[0], s));
        Assert.Equal(1, cache.Count);
        Assert.Contains("input", sessions[0].InputMetadata.Keys);
    }

    [Fact]
    public void A_file_that_is_not_a_model_fails_and_is_not_cached()
    {
        using var cache = new OnnxSessionCache(new InferenceOptions());
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not an onnx model");
            Assert.ThrowsAny<Exception>(() => cache.Get(path));
            Assert.Equal(0, cache.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Requesting_cuda_without_a_gpu_falls_back_to_cpu()
    {
        using var cache = new OnnxSessionCache(new InferenceOptions { Provider = ExecutionProvider.Cuda, FallBackToCpu = true });

        var session = cache.Get(SharedAssets.ModelPath(KnownModels.YuNetFaceDetector));

        Assert.NotNull(session);
    }

    [Fact]
    public void Requesting_cuda_without_a_gpu_and_without_fallback_is_an_error()
    {
        using var cache = new OnnxSessionCache(new InferenceOptions { Provider = ExecutionProvider.Cuda, FallBackToCpu = false });

        Assert.ThrowsAny<Exception>(() => cache.Get(SharedAssets.ModelPath(KnownModels.YuNetFaceDetector)));
    }

    [Theory]
    [InlineData("cpu", ExecutionProvider.Cpu)]
    [InlineData("CUDA", ExecutionProvider.Cuda)]
    [InlineData("tensorrt", ExecutionProvider.TensorRT)]
    public void Provider_names_parse_case_insensitively(string text, ExecutionProvider expected) =>
        Assert.Equal(expected, InferenceOptions.ParseProvider(text));

    [Fact]
    public void An_unknown_provider_name_lists_the_valid_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => InferenceOptions.ParseProvider("metal"));
        Assert.Contains("Cuda", error.Message, StringComparison.Ordinal);
    }
}
