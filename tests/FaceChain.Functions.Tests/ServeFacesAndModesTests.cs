namespace FaceChain.Functions.Tests;

/// <summary><see cref="FacesAndModesTests"/> against `facechain serve` over HTTP (the fixture's shared server).</summary>
[Collection(FunctionsCollection.Name)]
public sealed class ServeFacesAndModesTests(FunctionsFixture fixture) : FacesAndModesTests
{
    protected override async Task<IApiHost> AcquireHostAsync() => await fixture.SharedServeHostAsync();

    protected override ValueTask ReleaseHostAsync(IApiHost host) => ValueTask.CompletedTask;
}
