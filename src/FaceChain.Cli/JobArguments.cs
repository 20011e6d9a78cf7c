using System.CommandLine;
using System.Globalization;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Styles;

namespace FaceChain.Cli;

/// <summary>
/// The options that describe one portrait job, shared by `portrait` (run here) and `submit` (run by a deployment) so the
/// two commands take the same job the same way.
/// </summary>
public sealed class JobArguments
{
    public Option<string?> Photo { get; } = new("--photo") { Description = "The face photo to portray (JPEG, PNG, ...)." };

    public Option<string?> Style { get; }

    public Option<int> Count { get; } = new("--count") { Description = "Portraits to make.", DefaultValueFactory = _ => PortraitOptions.DefaultCount };

    public Option<string> Out { get; } = new("--out") { Description = "Folder for portrait-{k}.png and result.json.", DefaultValueFactory = _ => PortraitOptions.DefaultOutputFolder };

    public Option<int?> Size { get; } = new("--size") { Description = "Width and height in pixels (default 512; a multiple of the model set's size multiple)." };

    public Option<ulong?> Seed { get; } = new("--seed") { Description = "Base seed (image k uses a seed derived from it); default: derived from the photo and request." };

    public Option<int?> Steps { get; } = new("--steps") { Description = $"Denoising steps 1..100 (default: the style's recommendation, else {GenerationSettings.DefaultSteps})." };

    public Option<float?> GuidanceScale { get; } = new("--guidance-scale")
    {
        Description = $"Classifier-free guidance 0..20 (default: the style's recommendation, else {GenerationSettings.DefaultGuidanceScale.ToString(CultureInfo.InvariantCulture)}).",
    };

    public Option<string?> Sampler { get; }

    public Option<float?> FaceScale { get; } = new("--face-scale") { Description = "Identity weight 0..1.5 (default: the style's)." };

    public Option<string?> PosePhoto { get; } = new("--pose-photo") { Description = "A photo whose body pose the portraits take (pose mode; see `facechain pose`)." };

    public Option<float?> PoseScale { get; } = new("--pose-scale") { Description = "How strongly the pose steers, 0..2 (default 1; needs --pose-photo)." };

    public JobArguments(string styleDescription)
    {
        Style = new Option<string?>("--style") { Description = styleDescription };
        // Checked with the other arguments (ParseSampler), so an unknown sampler does not hide them.
        Sampler = new Option<string?>("--sampler") { Description = $"Sampler (default: the style's recommendation, else {GenerationSettings.DefaultSampler.ContractName()})." };
    }

    public IEnumerable<Option> All => [Photo, Style, Count, Out, Size, Seed, Steps, GuidanceScale, Sampler, FaceScale, PosePhoto, PoseScale];

    /// <summary>The sampler named as in the job contract (e.g. dpmpp2mKarras); null when not given, a problem when unknown.</summary>
    public static PortraitSampler? ParseSampler(string? name, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (name is null)
        {
            return null;
        }

        foreach (var sampler in Enum.GetValues<PortraitSampler>())
        {
            if (string.Equals(sampler.ContractName(), name, StringComparison.Ordinal))
            {
                return sampler;
            }
        }

        problems.Add($"--sampler must be one of: {string.Join(", ", Enum.GetValues<PortraitSampler>().Select(PortraitSamplerExtensions.ContractName))} (got '{name}')");
        return null;
    }
}
