using System.Globalization;
using FaceChain.Hosting;
using FaceChain.Hosting.Portraits;
using FaceChain.Inference;
using FaceChain.Pipeline;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using FaceChain.Pipeline.Submission;
using FaceChain.Vision.Files;

namespace FaceChain.Cli;

/// <summary>
/// One `facechain portrait` run after its arguments were validated: says which model set and engine it uses, starts the
/// <see cref="EmbeddedPortraitHost"/>, uploads the photo, submits, draws progress on stderr, copies the outputs into
/// --out and prints the summary on stdout. Cancelling terminates the job's instance and stops the engine (and Azurite).
/// </summary>
public sealed class PortraitJobRun(PortraitPlan plan, TextWriter output, TextWriter error, bool interactive)
{
    // How long stopping the storage engine waits for in-flight activities: only a cancelled run stops with work in flight,
    // and its job is terminated anyway.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan TerminateTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CancelledStopTimeout = TimeSpan.FromSeconds(15);

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var code = ExitCodes.Cancelled;
        try
        {
            code = await ExecuteWithOutputFolderAsync(cancellationToken);
            return code;
        }
        finally
        {
            if (code != ExitCodes.Success)
            {
                // The check made --out before the run; a run that delivered nothing leaves nothing behind.
                plan.Output.RemoveIfUnused();
            }
        }
    }

    private async Task<int> ExecuteWithOutputFolderAsync(CancellationToken cancellationToken)
    {
        error.WriteLine(plan.ModelSet.Notice);
        if (!FaceModelsUsable())
        {
            return ExitCodes.EnvironmentError;
        }

        var localBlobs = Path.Combine(Path.GetTempPath(), $"facechain-portrait-{Guid.NewGuid():N}");
        try
        {
            EmbeddedPortraitHost? host;
            try
            {
                host = await StartHostAsync(localBlobs, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                error.WriteLine("cancelled");
                return ExitCodes.Cancelled;
            }

            if (host is null)
            {
                return ExitCodes.EnvironmentError;
            }

            try
            {
                return await RunJobAsync(host, cancellationToken);
            }
            finally
            {
                await StopAsync(host, cancellationToken.IsCancellationRequested);
            }
        }
        finally
        {
            if (Directory.Exists(localBlobs))
            {
                Directory.Delete(localBlobs, recursive: true);
            }
        }
    }

    /// <summary>
    /// Stops the engine, then Azurite. After Ctrl+C the wait is bounded: the terminal delivers the interrupt to the whole
    /// process group, so Azurite may already be gone, and the storage engine's shutdown then waits for it for minutes.
    /// </summary>
    private async Task StopAsync(EmbeddedPortraitHost host, bool cancelled)
    {
        var stopping = host.DisposeAsync().AsTask();
        if (!cancelled)
        {
            await stopping;
            return;
        }

        try
        {
            await stopping.WaitAsync(CancelledStopTimeout);
        }
        catch (TimeoutException)
        {
            error.WriteLine($"warning: the engine did not stop within {CancelledStopTimeout.TotalSeconds:0} s (its storage may be gone); exiting anyway");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error.WriteLine($"warning: stopping the engine failed: {FirstLine(e.Message)}");
        }
    }

    /// <summary>
    /// Fails fast on face models that are corrupt, or missing with nowhere to download them from: inside the job they would
    /// look like transient errors and be retried. A missing model with a pinned URL is downloaded on first use.
    /// </summary>
    private bool FaceModelsUsable()
    {
        var resolver = new ModelResolver(ModelSourceOptions.FromEnvironment(plan.ModelsFolder));
        var usable = true;
        foreach (var model in new[] { KnownModels.YuNetFaceDetector, KnownModels.MobileFaceNet })
        {
            var health = ModelHealth.Check(resolver, model);
            if (health.Status == ModelHealthStatus.HashMismatch || (health.Status == ModelHealthStatus.Missing && model.UpstreamUrl is null))
            {
                error.WriteLine($"error: {model.Id}: {health.Detail}; fix it with `facechain models fetch` or --models <folder>");
                usable = false;
            }
        }

        return usable;
    }

    private async Task<EmbeddedPortraitHost?> StartHostAsync(string localBlobs, CancellationToken cancellationToken)
    {
        var engine = plan.Engine;
        try
        {
            return await EmbeddedPortraitHost.StartAsync(HostOptions(engine.Kind, localBlobs), cancellationToken);
        }
        catch (AzuriteUnavailableException e)
        {
            error.WriteLine($"error: the azurite engine is unavailable: {e.Message}; or run on a storage account with --engine storage --connection <connection string>");
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The environment boundary: storage unreachable or refusing the connection string, a model set that cannot be read.
            error.WriteLine($"error: could not start the {PortraitEngineChoice.Name(engine.Kind)} engine: {e.Message}");
            return null;
        }
    }

    private EmbeddedPortraitHostOptions HostOptions(PortraitEngineKind kind, string localBlobs) => new()
    {
        Backend = kind == PortraitEngineKind.Storage ? PortraitBackend.AzureStorage : PortraitBackend.Azurite,
        StorageConnectionString = kind == PortraitEngineKind.Storage ? plan.Engine.ConnectionString : null,
        TaskHubName = plan.TaskHubName,
        Azurite = plan.Azurite,
        Pipeline = new FaceChainPipelineOptions
        {
            LocalStorageFolder = localBlobs,
            ModelSet = new ModelSetOptions { Folder = plan.ModelSet.Folder, CacheRoot = plan.CacheRoot },
            Models = ModelSourceOptions.FromEnvironment(plan.ModelsFolder),
        },
        ConfigureStorageEngine = storage => storage with { StopTimeout = StopTimeout },
    };

    private async Task<int> RunJobAsync(EmbeddedPortraitHost host, CancellationToken cancellationToken)
    {
        error.WriteLine($"engine: {host.BackendName}");
        var renderer = new StageProgressRenderer(error, interactive);
        string? jobId = null;
        try
        {
            byte[]? photo;
            try
            {
                photo = RegularFile.ReadAtMost(plan.PhotoPath, plan.MaxPhotoBytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Checked before the engine started; this is a photo replaced or removed since.
                renderer.Close();
                error.WriteLine($"error: --photo: {(e is UnreadableFileException ? e.Message : $"cannot read {plan.PhotoPath}: {FirstLine(e.Message)}")}");
                return ExitCodes.BadArguments;
            }

            if (photo is null)
            {
                renderer.Close();
                error.WriteLine($"error: --photo: the file is larger than the limit of {plan.MaxPhotoBytes} bytes: {plan.PhotoPath}");
                return ExitCodes.BadArguments;
            }

            // Named by content, so running the same photo again reuses the upload (and the job, on persistent storage).
            var upload = new BlobReference(BlobLayout.Inputs, PortraitPlan.UploadPrefix + JobIdentity.Sha256Hex(photo) + Path.GetExtension(plan.PhotoPath).ToLowerInvariant());
            await host.Store.UploadAsync(upload, photo, BlobLayout.BinaryContentType, overwrite: true, cancellationToken);
            var request = plan.FacePhotos is { } faces
                ? await TemplateRequestAsync(host, upload, faces, cancellationToken)
                : plan.Request with { CharacterPhoto = PhotoSource.FromBlob(upload) };
            if (plan.PosePhotoPath is { } posePath)
            {
                var pose = await File.ReadAllBytesAsync(posePath, cancellationToken);
                var poseUpload = new BlobReference(BlobLayout.Inputs, PortraitPlan.UploadPrefix + JobIdentity.Sha256Hex(pose) + Path.GetExtension(posePath).ToLowerInvariant());
                await host.Store.UploadAsync(poseUpload, pose, BlobLayout.BinaryContentType, overwrite: true, cancellationToken);
                request = request with { PosePhoto = PhotoSource.FromBlob(poseUpload) };
            }

            var submission = await host.Submitter.SubmitAsync(request, cancellationToken);
            jobId = submission.JobId;
            error.WriteLine(submission.AlreadyExisted
                ? $"job {jobId}: the same photo and request ran before on this storage; showing that job"
                : $"job {jobId}: {(plan.FacePhotos is { } mapped ? $"{mapped.Count} face(s) of the template redrawn ({string.Join(", ", mapped.Select(f => f.FaceIndex))}), {plan.Request.Count} variant(s)" : $"{plan.Request.Count} portrait(s), style {plan.Request.StyleId}")}, {plan.Request.Width}x{plan.Request.Height}, {plan.Generation.Steps} steps, {plan.Generation.Sampler.ContractName()}, guidance {plan.Generation.GuidanceScale.ToString(CultureInfo.InvariantCulture)}");

            var completion = await host.WaitForJobAsync(jobId, renderer, cancellationToken);
            renderer.Close();
            PortraitFiles files;
            try
            {
                files = await PortraitOutputFiles.DownloadAsync(host.Store, completion.Result, plan.OutputFolder, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return await RescueOutputsAsync(host, completion.Result, e, cancellationToken);
            }

            PortraitSummary.Write(output, completion.Result, files);
            return ExitCodes.Success;
        }
        catch (JobValidationException e)
        {
            renderer.Close();
            foreach (var problem in e.Errors)
            {
                error.WriteLine($"error: {problem.Field}: {problem.Message}");
            }

            return ExitCodes.BadArguments;
        }
        catch (PortraitJobFailureException e)
        {
            renderer.Close();
            error.WriteLine($"error: job {e.JobId} {e.Status.ToString().ToLowerInvariant()}: {e.Reason}");
            return ExitCodes.JobFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            renderer.Close();
            error.WriteLine(jobId is null ? "cancelled" : $"cancelled: terminating job {jobId} and stopping the engine");
            if (jobId is not null)
            {
                await TerminateAsync(host, jobId);
            }

            return ExitCodes.Cancelled;
        }
    }

    /// <summary>
    /// --out was checked before the job, yet writing into it failed (removed, filled up, permissions changed). The job's
    /// outputs are never lost: on an account they stay in its outputs container, which is named; the azurite engine's
    /// in-memory storage lives only as long as this process, so the outputs are saved into a new temporary folder instead.
    /// </summary>
    private async Task<int> RescueOutputsAsync(EmbeddedPortraitHost host, PortraitJobResult result, Exception failure, CancellationToken cancellationToken)
    {
        var why = failure is UnauthorizedAccessException ? "permission denied" : FirstLine(failure.Message);
        var stored = $"container '{result.ResultBlob.Container}', {string.Join(", ", result.Outputs.OrderBy(o => o.Index).Select(o => o.Blob.Name).Append(result.ResultBlob.Name))}";
        if (host.Backend == PortraitBackend.AzureStorage)
        {
            error.WriteLine($"error: could not write the outputs into {plan.OutputFolder} ({why}); they are kept in the storage account: {stored}");
            return ExitCodes.EnvironmentError;
        }

        var rescue = Path.Combine(Path.GetTempPath(), $"facechain-outputs-{result.JobId}");
        try
        {
            var files = await PortraitOutputFiles.DownloadAsync(host.Store, result, rescue, cancellationToken);
            error.WriteLine($"error: could not write the outputs into {plan.OutputFolder} ({why}); this engine's storage ends with the command, so they were saved in {rescue}");
            PortraitSummary.Write(output, result, files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: could not write the outputs into {plan.OutputFolder} ({why}) nor into {rescue} ({FirstLine(e.Message)}); they were in {stored}, which ends with the command");
        }

        return ExitCodes.EnvironmentError;
    }

    /// <summary>Uploads a photo file, named by content, so running the same photo again reuses the upload (and the job, on persistent storage).</summary>
    private static async Task<BlobReference> UploadAsync(EmbeddedPortraitHost host, string path, CancellationToken cancellationToken)
    {
        var photo = await File.ReadAllBytesAsync(path, cancellationToken);
        var upload = new BlobReference(BlobLayout.Inputs, PortraitPlan.UploadPrefix + JobIdentity.Sha256Hex(photo) + Path.GetExtension(path).ToLowerInvariant());
        await host.Store.UploadAsync(upload, photo, BlobLayout.BinaryContentType, overwrite: true, cancellationToken);
        return upload;
    }

    /// <summary>The template request with the uploaded template and one uploaded photo per mapped face.</summary>
    private async Task<PortraitJobRequest> TemplateRequestAsync(
        EmbeddedPortraitHost host, BlobReference template, IReadOnlyList<(int FaceIndex, string Path)> faces, CancellationToken cancellationToken)
    {
        var uploads = new List<BlobReference>(faces.Count);
        foreach (var (_, path) in faces)
        {
            uploads.Add(await UploadAsync(host, path, cancellationToken));
        }

        return plan.Request with
        {
            TemplatePhoto = PhotoSource.FromBlob(template),
            CharacterPhoto = plan.Request.Mode == JobMode.Template ? PhotoSource.FromBlob(uploads[0]) : null,
            Faces = plan.Request.Mode == JobMode.MultiTemplate
                ? [.. faces.Select((f, j) => new TemplateFaceMapping(f.FaceIndex, PhotoSource.FromBlob(uploads[j])))]
                : null,
        };
    }

    private async Task TerminateAsync(EmbeddedPortraitHost host, string jobId)
    {
        using var timeout = new CancellationTokenSource(TerminateTimeout);
        try
        {
            // WaitAsync bounds the wait even where the storage client retries past the token (e.g. Azurite already gone).
            await PortraitJobCancellation.CancelAsync(host.Client, host.Store, jobId, "cancelled from the command line", timeout.Token)
                .WaitAsync(timeout.Token);
            // Let the engine record the termination before it stops, so persistent storage does not keep a running job.
            await host.Client.WaitForInstanceCompletionAsync(jobId, timeout.Token).WaitAsync(timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Stopping the engine still ends this process's work; on persistent storage the instance then stays as it was.
            error.WriteLine($"warning: could not terminate job {jobId}: {FirstLine(e.Message)}");
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
