namespace FaceChain.Functions.Tests;

/// <summary><see cref="FacesAndModesTests"/> against the Functions app's functions.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class FunctionsFacesAndModesTests(FunctionsFixture fixture) : FacesAndModesTests
{
    protected override async Task<IApiHost> AcquireHostAsync() => new FunctionsApiHost(await FunctionsTestHost.StartAsync(fixture));

    protected override ValueTask ReleaseHostAsync(IApiHost host) => host.DisposeAsync();
}
