using System.CommandLine;
using System.Globalization;
using FaceChain.Cli.Remote;

namespace FaceChain.Cli;

/// <summary>
/// `facechain submit --endpoint URL --photo me.jpg --style ID [...]`: the same job as `portrait`, run by a deployed
/// FaceChain Functions app through its HTTP API (the photo goes inline), with the same progress display, output files
/// and exit codes. It is the smoke test of a deployment (docs/deploy.md).
/// </summary>
public static class SubmitCommand
{
    public const string KeyVariable = "FACECHAIN_FUNCTION_KEY";

    public static Command Create()
    {
        var endpoint = new Option<Uri?>("--endpoint") { Description = "The Functions app's base URL, e.g. https://func-xyz.azurewebsites.net (the azd output FUNCTION_APP_URL)." };
        var key = new Option<string?>("--key") { Description = $"Function key (default: ${KeyVariable}); not needed under Core Tools locally." };
        var job = new JobArguments("Style id (GET /api/styles lists the deployment's).");
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the job before cancelling it.", DefaultValueFactory = _ => 900 };
        var template = new Option<string?>("--template") { Description = "Template modes: the template photo (with --face instead of --photo and --style)." };
        var faces = new Option<string[]>("--face") { Description = "Template modes: INDEX=PHOTO, repeat for several people." };
        var strength = new Option<float?>("--strength") { Description = "Template modes: image-to-image strength 0..1 (default 0.6)." };
        var command = new Command("submit", "Run a portrait job on a deployed FaceChain Functions app and download its portraits.")
        {
            endpoint, key, timeout, template, faces, strength,
        };
        foreach (var option in job.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            var options = new SubmitOptions
            {
                Endpoint = parse.GetValue(endpoint),
                Key = parse.GetValue(key) ?? Environment.GetEnvironmentVariable(KeyVariable),
                Photo = parse.GetValue(job.Photo),
                Style = parse.GetValue(job.Style),
                Count = parse.GetValue(job.Count),
                Out = parse.GetValue(job.Out)!,
                Size = parse.GetValue(job.Size),
                Seed = parse.GetValue(job.Seed),
                Steps = parse.GetValue(job.Steps),
                GuidanceScale = parse.GetValue(job.GuidanceScale),
                Sampler = parse.GetValue(job.Sampler),
                FaceScale = parse.GetValue(job.FaceScale),
                PosePhoto = parse.GetValue(job.PosePhoto),
                PoseScale = parse.GetValue(job.PoseScale),
                Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                Template = parse.GetValue(template),
                Faces = parse.GetValue(faces),
                Strength = parse.GetValue(strength),
            };
            var error = parse.InvocationConfiguration.Error;
            var interactive = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
            return RunAsync(options, http, parse.InvocationConfiguration.Output, error, interactive, cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(
        SubmitOptions options, HttpClient http, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            problems.ForEach(p => error.WriteLine($"error: {p}"));
            return ExitCodes.BadArguments;
        }

        var request = options.Template is not null
            ? options.ToTemplateRequest()
            : options.ToRequest(
                await File.ReadAllBytesAsync(options.Photo!, cancellationToken),
                options.PosePhoto is null ? null : await File.ReadAllBytesAsync(options.PosePhoto, cancellationToken));

        var client = new PortraitApiClient(http, options.Endpoint!, options.Key);
        RemoteJobAccepted accepted;
        try
        {
            accepted = await client.SubmitAsync(request, cancellationToken);
        }
        catch (RemoteApiException e) when (e.IsBadRequest)
        {
            e.Errors.ToList().ForEach(p => error.WriteLine($"error: {(p.Field.Length > 0 ? p.Field + ": " : "")}{p.Message}"));
            return ExitCodes.BadArguments;
        }
        catch (Exception e) when (e is RemoteApiException or HttpRequestException or InvalidDataException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            error.WriteLine($"error: {options.Endpoint}: {e.Message}");
            return ExitCodes.EnvironmentError;
        }

        error.WriteLine($"job {accepted.JobId}{(accepted.AlreadyExisted ? " (submitted before: following the existing job)" : "")} at {options.Endpoint}");
        return await FollowAsync(client, accepted.JobId, options, output, error, interactive, cancellationToken);
    }

    private static async Task<int> FollowAsync(
        PortraitApiClient client, string jobId, SubmitOptions options, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellationToken)
    {
        var renderer = new StageProgressRenderer(error, interactive);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        RemoteJobStatus status;
        try
        {
            while (true)
            {
                status = await client.GetStatusAsync(jobId, deadline.Token);
                if (status.Progress is { } progress)
                {
                    renderer.Report(progress);
                }

                if (status.IsFinished)
                {
                    break;
                }

                await Task.Delay(options.PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            renderer.Close();
            var why = cancellationToken.IsCancellationRequested ? "cancelled" : $"no result after {options.Timeout.TotalSeconds:F0} s";
            error.WriteLine($"{why}: cancelling job {jobId}");
            await TryCancelAsync(client, jobId, error);
            return cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.JobFailed;
        }
        catch (Exception e) when (e is RemoteApiException or HttpRequestException or InvalidDataException)
        {
            renderer.Close();
            error.WriteLine($"error: reading job {jobId}: {e.Message}");
            return ExitCodes.EnvironmentError;
        }

        renderer.Close();
        if (status.Status != "completed")
        {
            error.WriteLine($"error: job {jobId} {status.Status}: {status.FailureReason ?? (status.Cancelled ? "cancelled" : "no reason given")}");
            return ExitCodes.JobFailed;
        }

        return await DownloadAsync(client, status, options.Out, output, error, cancellationToken);
    }

    private static async Task<int> DownloadAsync(
        PortraitApiClient client, RemoteJobStatus status, string folder, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var image in status.Outputs ?? [])
            {
                var path = Path.Combine(folder, $"portrait-{image.Index}.png");
                await client.DownloadAsync(image.Url, path, cancellationToken);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}  {image.Width}x{image.Height}  seed {image.Seed}"));
                if (image.Identity is { } identity)
                {
                    output.WriteLine($"  {IdentitySummaryLine.For(identity)}");
                }
            }

            if (status.ResultUrl is { } result)
            {
                var path = Path.Combine(folder, "result.json");
                await client.DownloadAsync(result, path, cancellationToken);
                output.WriteLine(path);
            }
        }
        catch (Exception e) when (e is RemoteApiException or HttpRequestException or IOException)
        {
            error.WriteLine($"error: job {status.JobId} completed but its outputs could not be downloaded: {e.Message}");
            return ExitCodes.EnvironmentError;
        }

        return ExitCodes.Success;
    }

    private static async Task TryCancelAsync(PortraitApiClient client, string jobId, TextWriter error)
    {
        try
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await client.CancelAsync(jobId, grace.Token);
        }
        catch (Exception e) when (e is RemoteApiException or HttpRequestException or OperationCanceledException or InvalidDataException)
        {
            error.WriteLine($"warning: could not cancel job {jobId}: {e.Message}");
        }
    }
}
