using System.CommandLine;
using FaceChain.Diffusion.ModelSets;
using FaceChain.Hosting;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Cli;

/// <summary>
/// `facechain serve`: the Functions app's HTTP API and the web page on http://127.0.0.1:{port}/, jobs on the embedded
/// engine, until Ctrl+C. Exit codes: 2 bad arguments, 4 the engine, storage or port is unavailable, 130 stopped by Ctrl+C.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Loopback port to listen on (0 picks a free one).", DefaultValueFactory = _ => ServeOptions.DefaultPort };
        var engine = new Option<string?>("--engine") { Description = "azurite (default: started from the repository's npm dependency) or storage (needs --connection)." };
        engine.AcceptOnlyFromAmong("azurite", "storage");
        var connection = new Option<string?>("--connection") { Description = "Azure Storage connection string (with an account key, for signing output URLs) for --engine storage." };
        var taskHub = new Option<string>("--task-hub") { Description = "Durable task hub.", DefaultValueFactory = _ => PortraitOptions.DefaultTaskHub };
        var modelSet = new Option<string?>("--model-set") { Description = $"Model set folder, or a name under the cache's modelsets/ (default: the generated {ModelSetProvider.TinySetName})." };
        var models = CommonOptions.Models();
        var command = new Command("serve", "Serve the HTTP API (the same as the Functions app's) and the web page locally, with jobs on the embedded engine.")
        {
            port, engine, connection, taskHub, modelSet, models,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(new ServeOptions
        {
            Port = parse.GetValue(port),
            Engine = parse.GetValue(engine),
            Connection = parse.GetValue(connection),
            TaskHub = parse.GetValue(taskHub)!,
            ModelSet = parse.GetValue(modelSet),
            Models = parse.GetValue(models),
        }, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    /// <summary>Checks the options, starts the server, prints where it listens and serves until <paramref name="cancellationToken"/> fires.</summary>
    public static async Task<int> RunAsync(ServeOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var problems = options.Problems(out var engine);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                error.WriteLine($"error: {problem}");
            }

            return ExitCodes.BadArguments;
        }

        ApiServer server;
        try
        {
            server = await ApiServer.StartAsync(options, engine!, cancellationToken: cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Cancelled;
        }
        catch (ModelSetException e)
        {
            error.WriteLine($"error: --model-set: {e.Message}");
            return ExitCodes.BadArguments;
        }
        catch (AzuriteUnavailableException e)
        {
            error.WriteLine($"error: --engine azurite: {e.Message} (run `npm ci` in the repository first)");
            return ExitCodes.EnvironmentError;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Azure.RequestFailedException or FormatException or ArgumentException)
        {
            // The environment boundary: the port taken, storage unreachable or refusing the connection string.
            error.WriteLine($"error: could not start serving: {e.Message.Split('\n', 2)[0].Trim()}");
            return ExitCodes.EnvironmentError;
        }

        await using (server)
        {
            error.WriteLine($"model set: {server.Portraits.ModelSet.Name}{(server.Portraits.ModelSet.IsGeneratedTinySet ? " (generated tiny random weights: outputs are noise-like test images)" : "")}");
            error.WriteLine($"engine: {server.Portraits.BackendName}");
            output.WriteLine($"serving the web page at {server.Endpoint} and the API at {server.Endpoint}api/ (Ctrl+C to stop)");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("stopping: the engine and Azurite");
            }
        }

        return ExitCodes.Success;
    }
}
