using FaceChain.Hosting.Portraits;

namespace FaceChain.Testing;

/// <summary>Puts an <see cref="EmbeddedPortraitHost"/> on the test-only <see cref="InMemoryDurableEngine"/>.</summary>
public static class InMemoryPortraitBackend
{
    /// <summary>These options with the in-memory backend (blobs in <c>Pipeline.LocalStorageFolder</c>).</summary>
    public static EmbeddedPortraitHostOptions WithInMemoryEngine(this EmbeddedPortraitHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Backend = PortraitBackend.InMemory,
            InMemoryEngine = (registrations, services, loggerFactory) => new InMemoryDurableEngine(registrations, services, loggerFactory),
        };
    }
}
