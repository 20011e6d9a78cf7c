using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FaceChain.Inference;

namespace FaceChain.Cli;

/// <summary>
/// `facechain models verify|fetch`: checks every known model against its pinned sha256, and downloads
/// missing ones from their pinned upstream URLs into the cache. Every known model is required.
/// </summary>
public static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "Check or download the models FaceChain needs.");
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Fetch());
        command.Subcommands.Add(ModelsGenerateCommand.Create());
        return command;
    }

    private static Option<string?> Cache() => new("--cache") { Description = "Download cache folder (else FACECHAIN_CACHE or ~/.cache/facechain/models)." };

    private static ModelResolver Resolver(string? models, string? cache)
    {
        var options = ModelSourceOptions.FromEnvironment(models);
        return new ModelResolver(cache is null ? options : options with { CacheFolder = cache });
    }

    private static Command Verify()
    {
        var models = CommonOptions.Models();
        var cache = Cache();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var modelSet = new Option<string?>("--model-set") { Description = "Instead, load this model-set folder (or name under {cache}/modelsets) with the engine's loader: sha256s, external data, signatures." };
        var command = new Command("verify", "Verify every known model's sha256; exit 1 if any is missing or corrupt.") { models, cache, json, modelSet };
        command.SetAction(parse => parse.GetValue(modelSet) is { } set
            ? ModelSetVerification.Run(set, parse.GetValue(cache) ?? Pipeline.Engines.ModelSetOptions.DefaultCacheRoot(), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)
            : RunVerify(Resolver(parse.GetValue(models), parse.GetValue(cache)), parse.GetValue(json),
                parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static Command Fetch()
    {
        var models = CommonOptions.Models();
        var cache = Cache();
        var command = new Command("fetch", "Download missing models from their pinned upstream URLs into the cache.") { models, cache };
        command.SetAction((parse, cancellationToken) => RunFetchAsync(Resolver(parse.GetValue(models), parse.GetValue(cache)),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    public static int RunVerify(ModelResolver resolver, bool json, TextWriter output, TextWriter error)
    {
        var report = KnownModels.All.Select(m => ModelHealth.Check(resolver, m)).ToList();
        if (json)
        {
            var rows = report.Select(r => new { id = r.Model.Id, path = r.Path, status = StatusText(r.Status), detail = r.Detail });
            output.WriteLine(JsonSerializer.Serialize(rows, JsonOutput.Options));
        }
        else
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"model",-34} {"status",-13} path"));
            foreach (var r in report)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Model.Id,-34} {StatusText(r.Status),-13} {r.Path ?? "-"}"));
            }
        }

        var bad = report.Where(r => r.Status != ModelHealthStatus.Ok).ToList();
        foreach (var r in bad)
        {
            error.WriteLine($"error: {r.Model.Id}: {r.Detail}");
        }

        return bad.Count == 0 ? 0 : 1;
    }

    public static async Task<int> RunFetchAsync(ModelResolver resolver, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        int failures = 0;
        foreach (var model in KnownModels.All)
        {
            var health = ModelHealth.Check(resolver, model);
            switch (health.Status)
            {
                case ModelHealthStatus.Ok:
                    output.WriteLine($"{model.Id}: ok ({health.Path})");
                    continue;
                case ModelHealthStatus.HashMismatch:
                    error.WriteLine($"error: {model.Id}: {health.Detail}; delete or replace that file, then fetch again.");
                    failures++;
                    continue;
            }

            if (model.UpstreamUrl is null)
            {
                error.WriteLine($"error: {model.Id}: {health.Detail}, and it has no public download URL (it is a derived export); copy it into {resolver.Options.ModelsFolder ?? resolver.Options.CacheFolder}.");
                failures++;
                continue;
            }

            try
            {
                output.WriteLine($"{model.Id}: downloading {model.UpstreamUrl}");
                var path = await resolver.ResolveAsync(model, cancellationToken);
                output.WriteLine($"{model.Id}: ok ({path})");
            }
            catch (ModelNotFoundException e)
            {
                // The resolver's message already names the URL, the folders searched and the network error.
                error.WriteLine($"error: {e.Message}");
                failures++;
            }
            catch (Exception e) when (e is ModelIntegrityException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"error: {model.Id}: could not fetch {model.UpstreamUrl}: {e.Message}");
                failures++;
            }
        }

        return failures == 0 ? 0 : 1;
    }

    private static string StatusText(ModelHealthStatus status) => status switch
    {
        ModelHealthStatus.Ok => "ok",
        ModelHealthStatus.Missing => "missing",
        _ => "hash mismatch",
    };
}
