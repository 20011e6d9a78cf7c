using System.Text.Json;

namespace FaceChain.GpuWorker.Tests;

/// <summary>
/// The container host's restore resolves ONNX Runtime's CUDA provider for linux-x64, so `dotnet publish` puts it beside
/// the worker (the Dockerfile's image runs it with the CUDA runtime base). Read from the host's restore output rather
/// than by publishing here: a publish copies ~320 MB of native libraries, too slow for every test run.
/// </summary>
public sealed class GpuPackageTests
{
    [Fact]
    public void The_worker_host_restores_the_cuda_provider_as_a_linux_x64_native_asset()
    {
        var assets = Path.Combine(RepositoryRoot(), "src", "FaceChain.GpuWorker", "Host", "obj", "project.assets.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(assets));
        var target = document.RootElement.GetProperty("targets").GetProperty("net10.0/linux-x64");

        var natives = target.EnumerateObject()
            .Where(library => library.Value.TryGetProperty("native", out _))
            .SelectMany(library => library.Value.GetProperty("native").EnumerateObject().Select(file => file.Name))
            .ToList();

        Assert.Contains("runtimes/linux-x64/native/libonnxruntime_providers_cuda.so", natives);
        Assert.Contains("runtimes/linux-x64/native/libonnxruntime.so", natives);
        Assert.DoesNotContain(natives, file => file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "FaceChain.Functions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no FaceChain.Functions.sln above {AppContext.BaseDirectory}");
    }
}
