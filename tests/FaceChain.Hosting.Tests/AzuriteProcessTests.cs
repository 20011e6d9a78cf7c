using System.Diagnostics;
using System.Net.Sockets;
using Azure.Data.Tables;
using FaceChain.Testing;

namespace FaceChain.Hosting.Tests;

[Collection(AzuriteFixture.Collection)]
public sealed class AzuriteProcessTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TheSharedAzuriteServesTablesThroughItsConnectionString()
    {
        var table = new TableClient(azurite.ConnectionString, "probe" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = 42 });

        var entity = await table.GetEntityAsync<TableEntity>("p", "r");

        Assert.Equal(42, entity.Value.GetInt32("Value"));
        Assert.Contains("AccountName=devstoreaccount1;", azurite.ConnectionString, StringComparison.Ordinal);
        Assert.Contains($"BlobEndpoint={azurite.Azurite.BlobEndpoint};", azurite.ConnectionString, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", azurite.Azurite.QueueEndpoint.Host);
    }

    [Fact]
    public async Task DisposingStopsTheProcessAndFreesItsPorts()
    {
        var own = await AzuriteProcess.StartAsync();
        var process = Process.GetProcessById(own.ProcessId);
        var blobPort = own.BlobEndpoint.Port;

        await own.DisposeAsync();

        Assert.True(process.WaitForExit(10_000));
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", blobPort));
    }

    [Fact]
    public async Task AMissingNpmInstallIsReportedWithTheCommandToRun()
    {
        var root = Directory.CreateTempSubdirectory("facechain-no-azurite-");
        try
        {
            var error = await Assert.ThrowsAsync<AzuriteUnavailableException>(() =>
                AzuriteProcess.StartAsync(new AzuriteOptions { RepositoryRoot = root.FullName }));

            Assert.Contains($"run `npm ci` in {root.FullName}", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AMissingNodeIsReportedWithTheCommandToRun()
    {
        var root = RepositoryRoot.FindFromApplication();
        Assert.NotNull(root);

        var error = await Assert.ThrowsAsync<AzuriteUnavailableException>(() =>
            AzuriteProcess.StartAsync(new AzuriteOptions { RepositoryRoot = root, NodeExecutable = "/nonexistent/node" }));

        Assert.Contains("/nonexistent/node", error.Message, StringComparison.Ordinal);
        Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
    }
}
