using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Functions.Tests;

/// <summary><see cref="JobApiTests"/> against `facechain serve` over HTTP: the embedded engine on Azurite, a task hub per case.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class ServeJobApiTests(FunctionsFixture fixture) : JobApiTests(fixture)
{
    private readonly FunctionsFixture _fixture = fixture;

    protected override async Task<IApiHost> StartHostAsync(Action<IServiceCollection>? replace = null) =>
        await ServeApiHost.StartAsync(_fixture, replace);
}
