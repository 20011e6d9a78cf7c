using FaceChain.Inference;
using FaceChain.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

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
    public void A_rewritten_model_is_prepared_once_and_cached_apart_from_the_file()
    {
        using var cache = new OnnxSessionCache(new InferenceOptions());
        var path = SharedAssets.ModelPath(KnownModels.YuNetFaceDetector);
        int prepared = 0;
        byte[] Prepare(string file)
        {
            Interlocked.Increment(ref prepared);
            return File.ReadAllBytes(file);
        }

        var sessions = new InferenceSession[8];
        Parallel.For(0, sessions.Length, i => sessions[i] = cache.Get(path, "copy", Prepare));
        var plain = cache.Get(path);

        Assert.All(sessions, s => Assert.Same(sessions[0], s));
        Assert.Equal(1, prepared);
        Assert.NotSame(plain, sessions[0]);
        Assert.Equal(2, cache.Count);
        Assert.Throws<InvalidDataException>(() => cache.Get(path, "broken", _ => throw new InvalidDataException("no")));
        Assert.Equal(2, cache.Count);
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

    [Fact]
    public void Requesting_cuda_without_a_gpu_makes_later_sessions_open_on_cpu()
    {
        using var cache = new OnnxSessionCache(new InferenceOptions { Provider = ExecutionProvider.Cuda, FallBackToCpu = true });

        cache.Get(SharedAssets.ModelPath(KnownModels.YuNetFaceDetector));

        Assert.Equal(ExecutionProvider.Cuda, cache.Options.Provider);
        Assert.Equal(ExecutionProvider.Cpu, cache.ActiveOptions.Provider);
        Assert.False(cache.ActiveOptions.IoBindingEnabled);
    }

    [Fact]
    public void A_gpu_provider_that_loads_but_cannot_open_the_session_falls_back_to_cpu_with_a_warning()
    {
        var logger = new RecordingLogger<OnnxSessionCache>();
        var asked = new List<ExecutionProvider>();
        using var cache = new OnnxSessionCache(
            new InferenceOptions { Provider = ExecutionProvider.Cuda, FallBackToCpu = true }, logger, DeviceThatCannotRunSessions(asked));
        var detector = SharedAssets.ModelPath(KnownModels.YuNetFaceDetector);
        var recognizer = SharedAssets.ModelPath(KnownModels.MobileFaceNet);

        var first = cache.Get(detector);
        var second = cache.Get(recognizer);

        Assert.Contains("input", first.InputMetadata.Keys);
        Assert.NotNull(second);
        Assert.Equal(2, cache.Count);
        Assert.Equal(ExecutionProvider.Cpu, cache.ActiveOptions.Provider);

        // One failed GPU open, then CPU for it and for the next model without trying the device again.
        Assert.Equal([ExecutionProvider.Cuda, ExecutionProvider.Cpu, ExecutionProvider.Cpu], asked);
        var warning = Assert.Single(logger.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Contains("Cuda", warning.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(detector), warning.Message, StringComparison.Ordinal);
        Assert.Contains("using CPU", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gpu_provider_that_loads_but_cannot_open_the_session_fails_loudly_without_fallback()
    {
        var asked = new List<ExecutionProvider>();
        using var cache = new OnnxSessionCache(
            new InferenceOptions { Provider = ExecutionProvider.Cuda, FallBackToCpu = false }, null, DeviceThatCannotRunSessions(asked));

        Assert.Throws<OnnxRuntimeException>(() => cache.Get(SharedAssets.ModelPath(KnownModels.YuNetFaceDetector)));

        Assert.Equal([ExecutionProvider.Cuda], asked);
        Assert.Equal(0, cache.Count);
        Assert.Equal(ExecutionProvider.Cuda, cache.ActiveOptions.Provider);
    }

    [Fact]
    public void A_model_that_fails_on_cpu_too_is_an_error_and_keeps_the_gpu_provider()
    {
        var asked = new List<ExecutionProvider>();
        using var cache = new OnnxSessionCache(
            new InferenceOptions { Provider = ExecutionProvider.Cuda, FallBackToCpu = true }, null, DeviceThatCannotRunSessions(asked));
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not an onnx model");

            Assert.Throws<OnnxRuntimeException>(() => cache.Get(path));

            Assert.Equal([ExecutionProvider.Cuda, ExecutionProvider.Cpu], asked);
            Assert.Equal(ExecutionProvider.Cuda, cache.ActiveOptions.Provider);
        }
        finally
        {
            File.Delete(path);
        }
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

    /// <summary>
    /// Session options as a GPU machine without a usable device would give them: the provider is "added" (this CPU-only
    /// test runtime has no CUDA provider to append, so CPU options stand in), yet opening a session fails inside ONNX
    /// Runtime. The failure is real: the options demand the ORT flatbuffer format, which an .onnx file is not.
    /// </summary>
    private static Func<InferenceOptions, SessionOptions> DeviceThatCannotRunSessions(List<ExecutionProvider> asked) => options =>
    {
        asked.Add(options.Provider);
        Assert.False(options.FallBackToCpu);
        var session = SessionOptionsFactory.Create(options with { Provider = ExecutionProvider.Cpu });
        if (options.Provider != ExecutionProvider.Cpu)
        {
            session.AddSessionConfigEntry("session.load_model_format", "ORT");
        }

        return session;
    };
}
