using System.Text.RegularExpressions;

namespace FaceChain.GpuWorker.Tests;

/// <summary>
/// The CUDA and cuDNN majors of an <c>nvidia/cuda</c> cuDNN image, read from its tag (e.g.
/// <c>nvidia/cuda:13.0.2-cudnn-runtime-ubuntu24.04</c>), and the base image of a Dockerfile's final stage.
/// </summary>
public sealed partial record CudaBaseImage(string Reference, int CudaMajor, int CudnnMajor)
{
    /// <summary>NVIDIA dropped the number from the tag with cuDNN 9 (earlier tags read <c>cudnn8</c>): a bare <c>cudnn</c> is 9.</summary>
    private const int BareCudnnTagMajor = 9;

    /// <exception cref="FormatException">Not an nvidia/cuda image whose tag names a cuDNN flavour.</exception>
    public static CudaBaseImage Parse(string reference)
    {
        var match = TagPattern().Match(reference);
        if (!match.Success)
        {
            throw new FormatException($"'{reference}' is not an nvidia/cuda cuDNN image (nvidia/cuda:<major>.<minor>[.<patch>]-cudnn[<major>]-<flavour>-<os>)");
        }

        var cudnn = match.Groups["cudnn"].Value;
        return new CudaBaseImage(
            reference,
            int.Parse(match.Groups["cuda"].Value, System.Globalization.CultureInfo.InvariantCulture),
            cudnn.Length == 0 ? BareCudnnTagMajor : int.Parse(cudnn, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The image the last <c>FROM</c> names (the one that runs), with <c>ARG</c> defaults substituted.</summary>
    public static CudaBaseImage FromDockerfile(string path)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        string? final = null;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (ArgPattern().Match(line) is { Success: true } argument)
            {
                arguments[argument.Groups["name"].Value] = argument.Groups["value"].Value.Trim('"');
            }
            else if (FromPattern().Match(line) is { Success: true } from)
            {
                final = from.Groups["image"].Value;
            }
        }

        if (final is null)
        {
            throw new FormatException($"{path} has no FROM line");
        }

        var resolved = VariablePattern().Replace(final, variable =>
        {
            var name = variable.Groups["braced"].Success ? variable.Groups["braced"].Value : variable.Groups["plain"].Value;
            return arguments.TryGetValue(name, out var value)
                ? value
                : throw new FormatException($"{path}: FROM {final} uses ${name}, which no ARG gives a default");
        });
        return Parse(resolved);
    }

    [GeneratedRegex(@"^(?:docker\.io/)?nvidia/cuda:(?<cuda>\d+)\.\d+(?:\.\d+)?-cudnn(?<cudnn>\d*)-(?:runtime|devel)-[a-z]+[0-9.]+$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^ARG\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ArgPattern();

    [GeneratedRegex(@"^FROM\s+(?:--\S+\s+)*(?<image>\S+)(?:\s+AS\s+\S+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromPattern();

    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)\}|\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariablePattern();
}
