using System.Text.Json;
using System.Text.RegularExpressions;

namespace FaceChain.GpuWorker.Tests;

/// <summary>
/// The container host's restore resolves ONNX Runtime's GPU natives for linux-x64, so `dotnet publish` puts them beside
/// the worker, and the Dockerfile's CUDA base image provides the CUDA, cuBLAS and cuDNN majors those natives link
/// against. Read from the host's restore output (project.assets.json: the native file list, and the restored package
/// folder it resolves to, whose files publish copies unchanged) rather than from a publish: a cold publish of the host
/// took ~2 min here and copies ~320 MB. The real publish output is checked by the host's own
/// VerifyGpuNativesArePublished target, which fails `dotnet publish` (and so the Dockerfile's build stage) when a
/// provider library is missing or Windows natives slipped in.
/// </summary>
public sealed partial class GpuPackageTests
{
    private const string NativeFolder = "runtimes/linux-x64/native/";
    private const string CudaProvider = "libonnxruntime_providers_cuda.so";
    private const string SharedProvider = "libonnxruntime_providers_shared.so";

    [Fact]
    public void The_worker_host_restores_the_cuda_provider_as_a_linux_x64_native_asset()
    {
        var natives = HostNatives().Select(native => native.AssetPath).ToList();

        Assert.Contains(NativeFolder + CudaProvider, natives);
        Assert.Contains(NativeFolder + SharedProvider, natives);
        Assert.Contains(NativeFolder + "libonnxruntime.so", natives);
        Assert.DoesNotContain(natives, file => file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_windows_gpu_package_whose_build_props_copy_dlls_into_any_output_is_not_restored()
    {
        var libraries = HostLibraries();

        Assert.Contains(libraries, library => library.StartsWith("Microsoft.ML.OnnxRuntime.Gpu.Linux/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, library => library.StartsWith("Microsoft.ML.OnnxRuntime.Gpu.Windows/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_provider_bridge_the_cuda_provider_loads_through_lies_beside_it_in_the_package()
    {
        var cuda = ResolvedNative(CudaProvider);
        var shared = Path.Combine(Path.GetDirectoryName(cuda)!, SharedProvider);

        // ONNX Runtime dlopens the bridge from the provider's own folder; without it the CUDA provider cannot register.
        Assert.True(File.Exists(shared), $"{shared} is missing beside {cuda}");
        Assert.Equal(SharedProvider, ElfDynamicSection.Read(shared).Soname);
        Assert.Equal(ResolvedNative(SharedProvider), shared);
    }

    [Fact]
    public void The_cuda_provider_links_the_cuda_runtime_and_cublas_major_of_the_dockerfiles_base_image()
    {
        var image = CudaBaseImage.FromDockerfile(Dockerfile());
        var needed = ElfDynamicSection.Read(ResolvedNative(CudaProvider)).Needed;

        foreach (var library in new[] { "libcudart", "libcublas", "libcublasLt" })
        {
            var major = MajorOf(needed, library);
            Assert.True(major is not null, $"{CudaProvider} no longer links {library}.so.*: {string.Join(", ", needed)}");
            Assert.True(major == image.CudaMajor,
                $"{CudaProvider} needs {library}.so.{major} but the Dockerfile's base image {image.Reference} is CUDA {image.CudaMajor}");
        }
    }

    [Fact]
    public void The_gpu_providers_link_the_cudnn_major_of_the_dockerfiles_base_image()
    {
        var image = CudaBaseImage.FromDockerfile(Dockerfile());
        var folder = Path.GetDirectoryName(ResolvedNative(CudaProvider))!;

        // The CUDA provider loads cuDNN at run time (dlopen, so no DT_NEEDED entry); the TensorRT provider, built
        // against the same cuDNN, links it, which pins the major the CUDA provider will look for.
        var cudnn = Directory.EnumerateFiles(folder, "libonnxruntime_providers_*.so")
            .SelectMany(provider => ElfDynamicSection.Read(provider).Needed
                .Where(library => library.StartsWith("libcudnn", StringComparison.Ordinal))
                .Select(library => (Provider: Path.GetFileName(provider), Library: library)))
            .ToList();

        Assert.NotEmpty(cudnn);
        Assert.All(cudnn, link => Assert.True(
            SonamePattern().Match(link.Library) is { Success: true } soname
            && int.Parse(soname.Groups["major"].Value, System.Globalization.CultureInfo.InvariantCulture) == image.CudnnMajor,
            $"{link.Provider} needs {link.Library} but the Dockerfile's base image {image.Reference} has cuDNN {image.CudnnMajor}"));
    }

    [Theory]
    [InlineData("nvidia/cuda:13.0.2-cudnn-runtime-ubuntu24.04", 13, 9)]
    [InlineData("nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04", 12, 9)]
    [InlineData("docker.io/nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04", 11, 8)]
    public void Cuda_image_tags_give_their_cuda_and_cudnn_majors(string reference, int cuda, int cudnn) =>
        Assert.Equal(new CudaBaseImage(reference, cuda, cudnn), CudaBaseImage.Parse(reference));

    [Theory]
    [InlineData("nvidia/cuda:13.0.2-runtime-ubuntu24.04")]
    [InlineData("mcr.microsoft.com/dotnet/aspnet:10.0-noble")]
    public void Images_without_cudnn_are_not_taken_for_a_cuda_base(string reference) =>
        Assert.Throws<FormatException>(() => CudaBaseImage.Parse(reference));

    [Fact]
    public void The_dockerfiles_final_stage_resolves_its_base_image_argument()
    {
        var folder = Directory.CreateTempSubdirectory("facechain-dockerfile-");
        try
        {
            var path = Path.Combine(folder.FullName, "Dockerfile");
            File.WriteAllLines(path,
            [
                "ARG CUDA_IMAGE=nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04",
                "FROM nvidia/cuda:13.0.2-cudnn-devel-ubuntu24.04 AS build",
                "FROM --platform=linux/amd64 ${CUDA_IMAGE}",
            ]);

            Assert.Equal(new CudaBaseImage("nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04", 12, 9), CudaBaseImage.FromDockerfile(path));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_elf_reader_reads_the_runtimes_soname_and_refuses_files_that_are_not_elf()
    {
        var runtime = ElfDynamicSection.Read(ResolvedNative("libonnxruntime.so"));
        var notElf = Path.GetTempFileName();
        try
        {
            File.WriteAllText(notElf, "#!/bin/sh\necho not a library\n");

            Assert.Equal("libonnxruntime.so.1", runtime.Soname);
            Assert.Contains("libc.so.6", runtime.Needed);
            Assert.DoesNotContain(runtime.Needed, library => library.StartsWith("libcu", StringComparison.Ordinal));
            Assert.Throws<InvalidDataException>(() => ElfDynamicSection.Read(notElf));
        }
        finally
        {
            File.Delete(notElf);
        }
    }

    /// <summary>The major of a versioned soname ("libcudart.so.13" → 13) whose stem is <paramref name="stem"/>.</summary>
    private static int? MajorOf(IEnumerable<string> needed, string stem) =>
        needed.Select(library => SonamePattern().Match(library))
            .FirstOrDefault(match => match.Success && match.Groups["stem"].Value == stem) is { } found
            ? int.Parse(found.Groups["major"].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static List<string> HostLibraries()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(HostAssetsFile()));
        return document.RootElement.GetProperty("targets").GetProperty("net10.0/linux-x64").EnumerateObject().Select(library => library.Name).ToList();
    }

    private static string HostAssetsFile() =>
        Path.Combine(RepositoryRoot(), "src", "FaceChain.GpuWorker", "Host", "obj", "project.assets.json");

    /// <summary>Every linux-x64 native asset of the host's restore, with the package folder it comes from.</summary>
    private static List<(string AssetPath, string File)> HostNatives()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(HostAssetsFile()));
        var root = document.RootElement;
        var packageFolder = root.GetProperty("packageFolders").EnumerateObject().First().Name;
        var libraries = root.GetProperty("libraries");
        return root.GetProperty("targets").GetProperty("net10.0/linux-x64").EnumerateObject()
            .Where(library => library.Value.TryGetProperty("native", out _))
            .SelectMany(library => library.Value.GetProperty("native").EnumerateObject().Select(native => (
                native.Name,
                Path.Combine(packageFolder, libraries.GetProperty(library.Name).GetProperty("path").GetString()!, native.Name))))
            .ToList();
    }

    /// <summary>The restored package file that publish copies as <paramref name="fileName"/>.</summary>
    private static string ResolvedNative(string fileName)
    {
        var native = Assert.Single(HostNatives(), native => native.AssetPath == NativeFolder + fileName);
        Assert.True(File.Exists(native.File), $"{native.File} (restored for {fileName}) does not exist");
        return Path.GetFullPath(native.File);
    }

    [GeneratedRegex(@"^(?<stem>[^.]+)\.so\.(?<major>\d+)(?:\.\d+)*$")]
    private static partial Regex SonamePattern();

    private static string Dockerfile() => Path.Combine(RepositoryRoot(), "src", "FaceChain.GpuWorker", "Dockerfile");

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
