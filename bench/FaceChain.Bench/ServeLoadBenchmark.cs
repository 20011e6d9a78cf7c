using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FaceChain.Cli;
using FaceChain.Testing;

namespace FaceChain.Bench;

/// <summary>
/// `serve-load [clients] [size] [steps] [timeout-s]`: starts `facechain serve` (Azurite engine, loopback, a free port)
/// and runs N browser-like clients at once, each on its own connection doing what the web page does — load the page
/// and its assets, modes and styles, check its photo's faces, submit a style job, poll the status every 400 ms until
/// it ends, download the portraits — then reports failed requests (the goal is 0) and p50/p95 latency per call kind.
/// Bounded: N jobs of a few tiny images, and a deadline after which it stops and fails.
/// </summary>
public static class ServeLoadBenchmark
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(400);

    public static int Run(string[] args)
    {
        var clients = Arg(args, 0, 20);
        var size = Arg(args, 1, 64);
        var steps = Arg(args, 2, 4);
        var deadline = TimeSpan.FromSeconds(Arg(args, 3, 600));
        return RunAsync(clients, size, steps, deadline).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int clients, int size, int steps, TimeSpan deadline)
    {
        var cache = Path.Combine(Path.GetTempPath(), "facechain-bench-serve-" + Guid.NewGuid().ToString("N"));
        var options = new ServeOptions { Port = 0, CacheRoot = cache, TaskHub = "ServeLoad" };
        if (options.Problems(out var engine) is { Count: > 0 } problems)
        {
            Console.Error.WriteLine(string.Join(Environment.NewLine, problems));
            return 2;
        }

        var started = Stopwatch.StartNew();
        await using var server = await ApiServer.StartAsync(options, engine!, adjustPipeline: pipeline => pipeline with
        {
            Models = SharedAssets.Resolver().Options,
            ModelSet = pipeline.ModelSet with { TokenizerFolder = SharedAssets.TokenizerFolder },
        });
        Console.WriteLine($"serve-load: {clients} clients, {size}x{size}, {steps} steps, 2 images per job, against {server.Endpoint} ({server.Portraits.BackendName}); started in {started.ElapsedMilliseconds} ms");

        var tally = new LoadTally();
        using var timeout = new CancellationTokenSource(deadline);
        var photos = SharedAssets.SinglePortraits;
        var wall = Stopwatch.StartNew();
        var runs = Enumerable.Range(0, clients).Select(i => Task.Run(() => ClientAsync(server.Endpoint, File.ReadAllBytes(photos[i % photos.Count]), 9000 + i, size, steps, tally, timeout.Token)));
        var finished = await Task.WhenAll(runs);
        wall.Stop();
        try
        {
            Directory.Delete(cache, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }

        Console.WriteLine($"jobs completed: {finished.Count(ok => ok)}/{clients} in {wall.Elapsed.TotalSeconds:0.0} s; requests: {tally.Total}, failed: {tally.Failed}");
        foreach (var line in tally.Report())
        {
            Console.WriteLine(line);
        }

        foreach (var failure in tally.Failures.Take(10))
        {
            Console.WriteLine("failure: " + failure);
        }

        return tally.Failed == 0 && finished.All(ok => ok) ? 0 : 1;
    }

    private static async Task<bool> ClientAsync(Uri endpoint, byte[] photo, int seed, int size, int steps, LoadTally tally, CancellationToken cancellationToken)
    {
        // One client, one connection pool: like one browser tab.
        using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromMinutes(2) };
        try
        {
            foreach (var asset in new[] { "", "app.css", "app.js" })
            {
                await tally.TimeAsync("page", () => http.GetAsync(asset, cancellationToken));
            }

            await tally.TimeAsync("modes", () => http.GetAsync("api/modes", cancellationToken));
            await tally.TimeAsync("styles", () => http.GetAsync("api/styles", cancellationToken));
            await tally.TimeAsync("faces", () => http.PostAsync("api/faces", new ByteArrayContent(photo), cancellationToken));
            var request = JsonSerializer.Serialize(new
            {
                mode = "style",
                styleId = "studio-portrait",
                count = 2,
                width = size,
                height = size,
                steps,
                seed = seed.ToString(CultureInfo.InvariantCulture),
                characterPhoto = new { data = Convert.ToBase64String(photo) },
            });
            var accepted = await tally.TimeAsync("submit", () => http.PostAsync("api/portraits", new StringContent(request, Encoding.UTF8, "application/json"), cancellationToken));
            if (accepted is null)
            {
                return false;
            }

            var jobId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("jobId").GetString()!;
            var jobClock = Stopwatch.StartNew();
            while (true)
            {
                await Task.Delay(PollInterval, cancellationToken);
                var response = await tally.TimeAsync("status", () => http.GetAsync($"api/portraits/{jobId}", cancellationToken));
                if (response is null)
                {
                    continue;
                }

                var status = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                var state = status.GetProperty("status").GetString();
                if (state is "failed" or "terminated")
                {
                    tally.Fail($"job {jobId} {state}: {status.GetProperty("failureReason")}");
                    return false;
                }

                if (state == "completed")
                {
                    tally.Record("job", jobClock.Elapsed);
                    foreach (var output in status.GetProperty("outputs").EnumerateArray())
                    {
                        await tally.TimeAsync("portrait", () => http.GetAsync(new Uri(output.GetProperty("url").GetString()!), cancellationToken));
                    }

                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            tally.Fail("the deadline passed before the job ended");
            return false;
        }
    }

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
}
