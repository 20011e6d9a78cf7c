using FaceChain.Pipeline;

namespace FaceChain.Functions.Tests;

/// <summary>
/// <see cref="BadRequestTests"/> against `facechain serve` over HTTP. The cases share one server (none of them schedules
/// anything, so "nothing was scheduled" still holds for each).
/// </summary>
[Collection(FunctionsCollection.Name)]
public sealed class ServeBadRequestTests(FunctionsFixture fixture) : BadRequestTests
{
    protected override async Task<IApiHost> AcquireHostAsync() => await fixture.SharedServeHostAsync();

    protected override ValueTask ReleaseHostAsync(IApiHost host) => ValueTask.CompletedTask;

    protected override async Task<IApiHost> StartHostAsync(Func<FaceChainPipelineOptions, FaceChainPipelineOptions> adjustPipeline) =>
        await ServeApiHost.StartAsync(fixture, adjustPipeline: adjustPipeline);
}
