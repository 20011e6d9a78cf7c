using System.Net.Sockets;
using FaceChain.Hosting.Portraits;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Pipeline.Storage;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.EndToEnd.Tests;

/// <summary>The host's local backends: a supplied in-memory engine with blobs in a folder, and an Azurite it starts and stops.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class HostBackendTests(EndToEndModels models)
{
    [Fact]
    public async Task The_in_memory_backend_runs_a_job_with_blobs_in_a_local_folder()
    {
        var folder = Path.Combine(models.Root, "memory-blobs-" + Guid.NewGuid().ToString("N")[..8]);
        await using var host = await EmbeddedPortraitHost.StartAsync(new EmbeddedPortraitHostOptions
        {
            Pipeline = models.Pipeline with { LocalStorageFolder = folder },
            ConfigureServices = services => services.AddSingleton(models.Sessions),
        }.WithInMemoryEngine());

        var done = await host.RunJobAsync(Requests.Small(PhotoSource.FromBytes(TestPhotos.Portrait()), count: 1, seed: 8), cancellationToken: Limits.Job());

        Assert.Equal((PortraitBackend.InMemory, "InMemory", null), (host.Backend, host.Engine.BackendName, host.StorageConnectionString));
        Assert.Contains(folder, host.BackendName, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Metadata.RuntimeStatus);
        Assert.True(File.Exists(Path.Combine(folder, BlobLayout.Outputs, done.JobId, "portrait-0.png")));
        Assert.True(File.Exists(Path.Combine(folder, BlobLayout.Outputs, done.JobId, "result.json")));
    }

    [Fact]
    public async Task The_azurite_backend_starts_azurite_with_the_containers_and_stops_it_on_dispose()
    {
        var host = await EmbeddedPortraitHost.StartAsync(new EmbeddedPortraitHostOptions
        {
            Backend = PortraitBackend.Azurite,
            Pipeline = models.Pipeline,
            ConfigureServices = services => services.AddSingleton(models.Sessions),
        });
        Uri blobEndpoint;
        await using (host)
        {
            Assert.Equal("AzureStorage", host.Engine.BackendName);
            Assert.Contains("Azurite", host.BackendName, StringComparison.Ordinal);
            Assert.Equal("FaceChain", host.TaskHubName);
            blobEndpoint = new Uri(host.StorageConnectionString!.Split(';').Single(p => p.StartsWith("BlobEndpoint=", StringComparison.Ordinal))["BlobEndpoint=".Length..]);
            var store = Assert.IsType<AzureBlobStore>(host.Store);
            var containers = new List<string>();
            await foreach (var container in store.Service.GetBlobContainersAsync())
            {
                containers.Add(container.Name);
            }

            // The task hub keeps its own containers beside the layout's.
            Assert.Subset(containers.ToHashSet(), BlobLayout.Containers.ToHashSet());
            await Assert.ThrowsAsync<PortraitJobNotFoundException>(() => host.WaitForJobAsync("pj-none"));
        }

        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(blobEndpoint.Host, blobEndpoint.Port));
    }
}
