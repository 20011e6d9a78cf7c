using FaceChain.Pipeline;

namespace FaceChain.Functions.Tests;

/// <summary><see cref="BadRequestTests"/> against the Functions app's functions, a new in-process Durable host per case.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class FunctionsBadRequestTests(FunctionsFixture fixture) : BadRequestTests
{
    protected override async Task<IApiHost> AcquireHostAsync() => new FunctionsApiHost(await FunctionsTestHost.StartAsync(fixture));

    protected override ValueTask ReleaseHostAsync(IApiHost host) => host.DisposeAsync();

    protected override async Task<IApiHost> StartHostAsync(Func<FaceChainPipelineOptions, FaceChainPipelineOptions> adjustPipeline) =>
        new FunctionsApiHost(await FunctionsTestHost.StartAsync(fixture, adjustPipeline: adjustPipeline));
}
