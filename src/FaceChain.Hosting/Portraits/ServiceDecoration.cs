using Microsoft.Extensions.DependencyInjection;

namespace FaceChain.Hosting.Portraits;

/// <summary>
/// Wraps the registered implementation of a service (for <see cref="EmbeddedPortraitHostOptions.ConfigureServices"/>):
/// tests and benchmarks observe, time or hold the real one without knowing how the pipeline builds it.
/// </summary>
public static class ServiceDecoration
{
    /// <summary>Replaces the last singleton registration of <typeparamref name="TService"/> by <paramref name="decorate"/>(the original).</summary>
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, TService> decorate)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(decorate);
        var original = services.LastOrDefault(d => d.ServiceType == typeof(TService))
            ?? throw new InvalidOperationException($"{typeof(TService).Name} is not registered");
        services.Remove(original);
        services.AddSingleton(sp => decorate(Create<TService>(original, sp)));
        return services;
    }

    private static TService Create<TService>(ServiceDescriptor original, IServiceProvider services)
        where TService : class =>
        (TService)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, original.ImplementationType!));
}
