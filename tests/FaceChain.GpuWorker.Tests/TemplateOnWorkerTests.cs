using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Templates;
using FaceChain.Testing;
using FaceChain.Vision;
using Microsoft.DurableTask.Client;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceChain.GpuWorker.Tests;

/// <summary>Template-family jobs with the GPU backend: every RedrawFace step is one diffusion-jobs message the worker runs.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TemplateOnWorkerTests(AzuriteFixture azurite, ModelFixture models) : IAsyncLifetime
{
    private WorkerTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await WorkerTestBed.CreateAsync(azurite, models);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private static PhotoSource Photo(string path) => PhotoSource.FromBytes(File.ReadAllBytes(path));

    [Fact]
    public async Task Template_and_multiTemplate_jobs_complete_through_the_worker_one_step_per_message()
    {
        await using var host = await QueuedPortraitHost.StartAsync(_bed, new QueuedGenerationPolicy { AttemptTimeout = TimeSpan.FromMinutes(2) });
        var worker = _bed.StartWorker();
        var group = Photo(SharedAssets.GroupOfFive);

        var single = await host.Submitter.SubmitAsync(new PortraitJobRequest
        {
            Mode = JobMode.Template,
            TemplatePhoto = group,
            CharacterPhoto = Photo(SharedAssets.SinglePortraits[0]),
            FaceIndex = 3,
            Width = 64,
            Height = 64,
            Steps = 4,
            Seed = 7101,
        });
        var multi = await host.Submitter.SubmitAsync(new PortraitJobRequest
        {
            Mode = JobMode.MultiTemplate,
            TemplatePhoto = group,
            Faces =
            [
                new TemplateFaceMapping(0, Photo(SharedAssets.SinglePortraits[0])),
                new TemplateFaceMapping(2, Photo(SharedAssets.SinglePortraits[1])),
                new TemplateFaceMapping(4, Photo(SharedAssets.SinglePortraits[2])),
            ],
            Width = 64,
            Height = 64,
            Steps = 4,
            Seed = 7102,
        });

        var singleDone = await host.WaitAsync(single.JobId, seconds: 150);
        var multiDone = await host.WaitAsync(multi.JobId, seconds: 150);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, singleDone.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, multiDone.RuntimeStatus);
        Assert.Equal(4, worker.Generated);

        var singleResult = singleDone.ReadOutputAs<PortraitJobResult>()!;
        Assert.Equal(3, Assert.Single(singleResult.Template!.Steps).FaceIndex);
        var multiResult = multiDone.ReadOutputAs<PortraitJobResult>()!;
        var report = multiResult.Template!;
        Assert.Equal([0, 2, 4], report.Steps.Select(s => s.FaceIndex));
        Assert.All(report.Steps, s => Assert.True(s.DenoiseMs > 0 && s.CropMaskMs > 0 && s.RefineMs > 0 && s.PasteMs > 0));
        // The worker's set has both ControlNets and the worker a face detector, so every stage runs there too (the tiny
        // set's random portrait shows no face to warp).
        Assert.All(report.Steps, s => Assert.Equal(ReferencePortraitOutcome.NoFaceFound, s.ReferencePortrait));
        Assert.All(report.Steps, s => Assert.Equal(
            [(RedrawPass.ReferencePortrait, "openpose", 1f), (RedrawPass.Inpaint, "openpose", 1f), (RedrawPass.Inpaint, "canny", 0.2f),
             (RedrawPass.Refine, "openpose", 0.8f), (RedrawPass.Refine, "canny", 0.8f)],
            s.Controls!.Select(c => (c.Pass, c.ControlNet, c.Scale))));
        Assert.All(report.Faces, f => Assert.Equal(report.FacesFound[f.FaceIndex].Box, f.Box));
        var step = await host.Client.GetInstanceAsync(QueuedImageOrchestrator.InstanceIdFor(multi.JobId, 2), getInputsAndOutputs: false);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, step!.RuntimeStatus);

        using var template = new SafeImageLoader().Load(SharedAssets.GroupOfFive);
        using var final = Image.Load<Rgb24>(await host.Store.DownloadAsync(multiResult.Outputs[0].Blob, 64 << 20));
        foreach (var untouched in new[] { 1, 3 })
        {
            var box = report.FacesFound[untouched].Box;
            for (var y = (int)box.Y; y < (int)(box.Y + box.Height); y++)
            {
                for (var x = (int)box.X; x < (int)(box.X + box.Width); x++)
                {
                    Assert.Equal(template[x, y], final[x, y]);
                }
            }
        }

        var redrawn = report.FacesFound[2].Box;
        Assert.NotEqual(template[(int)(redrawn.X + (redrawn.Width / 2)), (int)(redrawn.Y + (redrawn.Height / 2))],
            final[(int)(redrawn.X + (redrawn.Width / 2)), (int)(redrawn.Y + (redrawn.Height / 2))]);
    }
}
