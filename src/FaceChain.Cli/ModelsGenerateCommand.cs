using System.CommandLine;
using System.Globalization;
using FaceChain.Pipeline.Engines;
using FaceChain.TinyModels;

namespace FaceChain.Cli;

/// <summary>
/// `facechain models generate sd15-shaped-random`: writes the random-weight set with the real SD-1.5 + FACT
/// architecture into the cache ({cache}/modelsets/{name}, or --out), for speed and memory figures on real-size graphs.
/// The set is written into a staging folder and moved into place, so an interrupted run never leaves a half set.
/// </summary>
public static class ModelsGenerateCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = $"The set to generate: {Sd15ShapedOptions.SetName}." };
        var fp16 = new Option<bool>("--fp16") { Description = "float16 weights and inputs/outputs (the folder name gets '-fp16')." };
        var divisor = new Option<int>("--width-divisor") { Description = "Divide every width by 1 (real size), 2, 4 or 8.", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Weight seed.", DefaultValueFactory = _ => 20 };
        var noControlNet = new Option<bool>("--no-controlnet") { Description = "Leave out the ControlNets." };
        var controlNetNames = new Option<string[]>("--controlnet")
        {
            Description = $"A ControlNet to write, repeatable ({string.Join(", ", Sd15ShapedOptions.KnownControlNets)}); default all.",
            DefaultValueFactory = _ => [.. Sd15ShapedOptions.KnownControlNets],
        };
        controlNetNames.AcceptOnlyFromAmong([.. Sd15ShapedOptions.KnownControlNets]);
        var noResiduals = new Option<bool>("--no-controlnet-residuals") { Description = "Leave out the UNet's 13 ControlNet residual inputs (for engines that do not feed them)." };
        var output = new Option<string?>("--out") { Description = "Folder to write (else {cache}/modelsets/{name}); must not exist yet." };
        var cache = new Option<string?>("--cache") { Description = "Cache root (else FACECHAIN_CACHE or ~/.cache/facechain/models)." };
        var command = new Command("generate", "Generate a random-weight model set with a real architecture into the model cache.")
        {
            name, fp16, divisor, seed, noControlNet, controlNetNames, noResiduals, output, cache,
        };
        command.SetAction(parse => Run(
            parse.GetValue(name)!,
            new Sd15ShapedOptions
            {
                HalfPrecision = parse.GetValue(fp16),
                WidthDivisor = parse.GetValue(divisor),
                Seed = parse.GetValue(seed),
                ControlNets = parse.GetValue(noControlNet) ? [] : parse.GetValue(controlNetNames)!,
                ControlNetResiduals = !parse.GetValue(noResiduals),
            },
            parse.GetValue(output),
            parse.GetValue(cache) ?? ModelSetOptions.DefaultCacheRoot(),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string name, Sd15ShapedOptions options, string? output, string cacheRoot, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (name != Sd15ShapedOptions.SetName)
        {
            stderr.WriteLine($"error: unknown model set '{name}'; the generator knows: {Sd15ShapedOptions.SetName}");
            return ExitCodes.BadArguments;
        }

        if (options.WidthDivisor is not (1 or 2 or 4 or 8))
        {
            stderr.WriteLine($"error: --width-divisor must be 1, 2, 4 or 8 (got {options.WidthDivisor})");
            return ExitCodes.BadArguments;
        }

        string setName = name + (options.HalfPrecision ? "-fp16" : string.Empty) + (options.WidthDivisor == 1 ? string.Empty : $"-w{options.WidthDivisor}");
        string folder = Path.GetFullPath(output ?? Path.Combine(cacheRoot, "modelsets", setName));
        if (Directory.Exists(folder))
        {
            stderr.WriteLine($"error: '{folder}' already exists; delete it to generate it again");
            return ExitCodes.BadArguments;
        }

        string staging = Path.Combine(Path.GetDirectoryName(folder)!, $".{Path.GetFileName(folder)}.{Guid.NewGuid():N}.tmp");
        try
        {
            stderr.WriteLine($"generating {setName} into {folder} (real size: about {(options.HalfPrecision ? 3.3 : 6.6):F1} GB of weights, minutes on 2 cores)");
            var written = Sd15ShapedModelSetWriter.Write(staging, options with { Name = setName }, line => stderr.WriteLine("  " + line));
            Directory.Move(staging, folder);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"component",-14} {"parameters",15} {"real model",15} {"difference",10}"));
            foreach (var count in written.Parameters)
            {
                string reference = count.Reference == 0 ? "-" : count.Reference.ToString("N0", CultureInfo.InvariantCulture);
                string difference = count.Reference == 0 ? "-" : count.RelativeDifference.ToString("P2", CultureInfo.InvariantCulture);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count.Component,-14} {count.Generated,15:N0} {reference,15} {difference,10}"));
            }

            stdout.WriteLine($"model set: {folder}");
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: could not write the model set: {e.Message}");
            TryDelete(staging);
            return ExitCodes.EnvironmentError;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Leave the staging folder; its name says it is one.
        }
    }
}
