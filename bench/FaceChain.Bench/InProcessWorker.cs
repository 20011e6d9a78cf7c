using FaceChain.GpuWorker;
using FaceChain.Inference;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.ModelSets;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;

namespace FaceChain.Bench;

/// <summary>A GPU worker in this process with a session set of its own (the benchmark's, or a <see cref="GpuWorkerChild"/>'s); ready when started.</summary>
public sealed class InProcessWorker : IAsyncDisposable
{
    private readonly OnnxSessionCache _sessions;
    private readonly DiffusionWorker _worker;

    private InProcessWorker(OnnxSessionCache sessions, DiffusionWorker worker)
    {
        _sessions = sessions;
        _worker = worker;
    }

    public static async Task<InProcessWorker> StartAsync(DiffusionQueues queues, IBlobStore store, string modelSet, int maxBatch, string workerId)
    {
        var sessions = new OnnxSessionCache(new InferenceOptions());
        var worker = new DiffusionWorker(
            new GpuWorkerOptions { WorkerId = workerId, MaxBatch = maxBatch, IdlePollInterval = TimeSpan.FromMilliseconds(200) },
            queues, store, new ModelSetCache(ModelSetSource.FromFolder(modelSet), modelSet), sessions, SharedAssets.TokenizerFolder);
        worker.Start();
        await worker.Readiness.WhenReady;
        return new InProcessWorker(sessions, worker);
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.DisposeAsync();
        _sessions.Dispose();
    }
}
