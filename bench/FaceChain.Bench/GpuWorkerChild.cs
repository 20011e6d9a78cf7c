using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Storage;

namespace FaceChain.Bench;

/// <summary>
/// `gpuworker-child CONNECTION QUEUE_PREFIX MAX_BATCH MODEL_SET_FOLDER WORKER_ID`: one GPU worker in a process of its own,
/// for the `gpuworker` benchmark's separate-process rows (what separate replicas are: no shared thread pool, GC or
/// session cache). Prints "ready" once the worker can take jobs, and stops when its standard input closes.
/// </summary>
public static class GpuWorkerChild
{
    public const string ReadyLine = "ready";

    public static int Run(string[] args)
    {
        if (args.Length != 5 || !int.TryParse(args[2], out var maxBatch))
        {
            Console.Error.WriteLine("usage: gpuworker-child CONNECTION QUEUE_PREFIX MAX_BATCH MODEL_SET_FOLDER WORKER_ID");
            return 2;
        }

        return RunAsync(args[0], args[1], maxBatch, args[3], args[4]).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string connection, string prefix, int maxBatch, string modelSet, string workerId)
    {
        await using var worker = await InProcessWorker.StartAsync(
            DiffusionQueues.FromConnectionString(connection, prefix), AzureBlobStore.FromConnectionString(connection), modelSet, maxBatch, workerId);
        Console.WriteLine(ReadyLine);
        await Console.In.ReadToEndAsync();
        return 0;
    }
}
