using DurableTask.Core;

namespace FaceChain.Hosting;

/// <summary>Creates a new <typeparamref name="T"/> for each execution from a factory.</summary>
internal sealed class FactoryObjectCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> _factory;

    public FactoryObjectCreator(string name, Func<T> factory)
    {
        Name = name;
        Version = string.Empty;
        _factory = factory;
    }

    public override T Create() => _factory();
}
