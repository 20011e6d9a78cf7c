using FaceChain.Functions.Api;
using FaceChain.Functions.Settings;
using FaceChain.GpuWorker;
using FaceChain.Hosting;
using FaceChain.Infrastructure.Tests;
using FaceChain.Pipeline;
using FaceChain.Pipeline.GpuQueue;
using FaceChain.Pipeline.ModelSets;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;
using FaceChain.TinyModels;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Functions.Tests;

/// <summary>
/// The Functions app as infra/main.bicep deploys it: its service graph built from exactly the app settings in the compiled
/// deployment (only the storage identity is swapped for Azurite's connection string, and the local cache folder for a
/// temporary one), on the real Durable backend (Azure Storage on Azurite), with the GPU worker configured from its own
/// deployed environment. The model set exists only in blob storage, as an operator uploads it (models/{set}/), so the job
/// completes only if the app fetches the set itself.
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class DeployedSettingsTests(FunctionsFixture fixture)
{
    [Fact]
    public async Task A_job_completes_with_the_app_settings_main_bicep_deploys()
    {
        var work = Path.Combine(fixture.Root, "deployed-" + Guid.NewGuid().ToString("N")[..8]);
        var snapshot = DeploymentSnapshot.Create(Path.Combine(work, "snapshot"), "deployed", new Dictionary<string, string>
        {
            ["environmentName"] = "'ci'",
            ["location"] = $"'{DeploymentSnapshot.Location}'",
        });
        var deployed = snapshot.AppSettings();
        var workerEnvironment = snapshot.WorkerEnvironment();
        Assert.DoesNotContain(AppSettingNames.ModelCachePath, deployed.Keys);
        var settings = FunctionsAppSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(deployed
                .Where(setting => !setting.Key.StartsWith(AppSettingNames.StorageConnection, StringComparison.Ordinal))
                .Select(setting => KeyValuePair.Create(AppSettingNames.ConfigurationKey(setting.Key), (string?)setting.Value))
                .Append(KeyValuePair.Create(AppSettingNames.StorageConnection, (string?)fixture.Azurite.ConnectionString)))
            .Build());
        var setName = settings.ModelSetName!;
        Assert.Equal(DiffusionBackend.Queue, settings.DiffusionBackend);
        Assert.Equal(setName, workerEnvironment[WorkerSettingNames.ModelSetName]);
        await UploadModelSetAsync(setName, Path.Combine(work, "upload"));

        AzureStorageDurableEngine? engine = null;
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddFaceChainFunctions(settings, options => options with { ModelSet = options.ModelSet with { CacheRoot = Path.Combine(work, "app-cache") } })
            .AddSingleton(_ => engine!.Client)
            .BuildServiceProvider();
        var registrations = new DurableTaskRegistrations();
        foreach (var (name, type) in PortraitTasks.Orchestrators)
        {
            registrations.AddOrchestrator(name, type);
        }

        foreach (var (name, type) in PortraitTasks.Activities)
        {
            registrations.AddActivity(name, type);
        }

        engine = new AzureStorageDurableEngine(
            new AzureStorageEngineOptions { ConnectionString = fixture.Azurite.ConnectionString, TaskHubName = settings.TaskHubName }, registrations, services);
        await using var _ = engine;
        await engine.StartAsync();
        var queues = services.GetRequiredService<DiffusionQueues>();
        await using var relay = new DiffusionResultRelayLoop(queues, services.GetRequiredService<DiffusionResultRelay>(), TimeSpan.FromMilliseconds(100));
        await relay.StartAsync();
        await using var worker = new DiffusionWorker(
            new GpuWorkerOptions { WorkerId = "deployed", IdlePollInterval = TimeSpan.FromMilliseconds(200) },
            queues,
            services.GetRequiredService<IBlobStore>(),
            new ModelSetCache(ModelSetSource.FromBlob(workerEnvironment[WorkerSettingNames.ModelSetName]), Path.Combine(work, "worker-cache"),
                fixture.BlobService.GetBlobContainerClient(BlobLayout.Models)),
            fixture.Sessions);
        worker.Start();

        var api = ActivatorUtilities.CreateInstance<PortraitApiFunctions>(services);
        var accepted = await ApiCall.SendAsync(
            ApiCall.Json("POST", "/api/portraits", TestRequests.InlineJob(TestRequests.Photo(), seed: 909, count: 2)), r => api.SubmitAsync(r, engine.Client));
        var jobId = accepted.Body.GetProperty("jobId").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var final = await engine.Client.WaitForInstanceCompletionAsync(jobId, getInputsAndOutputs: true, timeout.Token);

        Assert.True(final.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{final.RuntimeStatus}: {final.FailureDetails?.ErrorMessage}");
        var result = final.ReadOutputAs<PortraitJobResult>()!;
        Assert.Equal(2, result.Outputs.Count);
        Assert.Equal(setName, result.ModelSet);
        Assert.True(File.Exists(Path.Combine(work, "app-cache", "modelsets", setName, "modelset.json")));

        // The uploaded set is not known to be a generated one, so the identity check retries faceless outputs: every
        // image the worker made is one of the attempts the result records.
        Assert.Equal(result.Outputs.Sum(output => output.Identity!.Attempts), worker.Generated);
        Assert.All(result.Outputs, output => Assert.False(output.Identity!.FaceFound));
    }

    /// <summary>A generated tiny set under the deployed name, with its tokenizer, uploaded as docs/deploy.md tells an operator to.</summary>
    private async Task UploadModelSetAsync(string setName, string folder)
    {
        TinyModelSetWriter.Write(folder, new TinyModelSetOptions { Seed = 14, Name = setName });
        Directory.CreateDirectory(Path.Combine(folder, "tokenizer"));
        foreach (var file in new[] { "vocab.json", "merges.txt" })
        {
            File.Copy(Path.Combine(SharedAssets.TokenizerFolder, file), Path.Combine(folder, "tokenizer", file));
        }

        var models = fixture.BlobService.GetBlobContainerClient(BlobLayout.Models);
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
        {
            var name = setName + "/" + Path.GetRelativePath(folder, file).Replace('\\', '/');
            await models.GetBlobClient(name).UploadAsync(file, overwrite: true);
        }
    }
}
