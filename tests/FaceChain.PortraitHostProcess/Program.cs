using System.Globalization;
using FaceChain.Hosting.Portraits;
using FaceChain.Pipeline;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;
using FaceChain.Pipeline.Storage;
using FaceChain.PortraitHostProcess;
using FaceChain.Testing;

// An embedded portrait host on Azure Storage with the engine's default settings (what is under test), until its
// standard input closes (a graceful stop) or it is killed. Protocol on stdout: "ready", then "job <id>" per submission.
var arguments = HostProcessArguments.Parse(args);
var options = new EmbeddedPortraitHostOptions
{
    Backend = PortraitBackend.AzureStorage,
    StorageConnectionString = arguments.Connection,
    TaskHubName = arguments.TaskHub,
    Pipeline = new FaceChainPipelineOptions
    {
        ModelSet = new ModelSetOptions { CacheRoot = arguments.CacheRoot, TokenizerFolder = SharedAssets.TokenizerFolder },
        Models = SharedAssets.Resolver().Options,
    },
    ConfigureServices = arguments.HoldGeneration > TimeSpan.Zero
        ? services => services.Decorate<IImageGenerator>(real => new DelayedImageGenerator(real, arguments.HoldGeneration))
        : null,
};

await using var host = await EmbeddedPortraitHost.StartAsync(options);
Console.Out.WriteLine(PortraitHostChild.ReadyLine);
Console.Out.Flush();

if (arguments.Submit > 0)
{
    var photo = new BlobReference(BlobLayout.Inputs, "uploads/host-process.jpg");
    await host.Store.UploadAsync(photo, TestPhotos.Portrait(), "image/jpeg", overwrite: true);
    for (var k = 0; k < arguments.Submit; k++)
    {
        var submission = await host.Submitter.SubmitAsync(new PortraitJobRequest
        {
            CharacterPhoto = PhotoSource.FromBlob(photo),
            StyleId = "studio-portrait",
            Count = arguments.Count,
            Width = arguments.Size,
            Height = arguments.Size,
            Steps = arguments.Steps,
            Seed = arguments.SeedBase + (ulong)k,
        });
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{PortraitHostChild.JobLinePrefix}{submission.JobId}"));
        Console.Out.Flush();
    }
}

// Closed input is the parent's request to stop; a killed process never gets here, which is the point.
while (await Console.In.ReadLineAsync() is not null)
{
}
