using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Functions.Tests;

/// <summary><see cref="JobApiTests"/> against the Functions app's functions on the in-process Durable host.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class FunctionsJobApiTests(FunctionsFixture fixture) : JobApiTests(fixture)
{
    private readonly FunctionsFixture _fixture = fixture;

    protected override async Task<IApiHost> StartHostAsync(Action<IServiceCollection>? replace = null) =>
        new FunctionsApiHost(await FunctionsTestHost.StartAsync(_fixture, replace));
}
