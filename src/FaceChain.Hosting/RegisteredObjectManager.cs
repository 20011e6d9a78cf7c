using DurableTask.Core;

namespace FaceChain.Hosting;

/// <summary>
/// Looks up orchestrations and activities by name only: the SDK shims schedule work with an empty or caller-chosen
/// version, and this engine hosts one version of each class.
/// </summary>
internal sealed class RegisteredObjectManager<T> : INameVersionObjectManager<T>
{
    private readonly Dictionary<string, ObjectCreator<T>> _creators = new(StringComparer.OrdinalIgnoreCase);

    public void Add(ObjectCreator<T> creator)
    {
        ArgumentNullException.ThrowIfNull(creator);
        if (!_creators.TryAdd(creator.Name, creator))
        {
            throw new InvalidOperationException($"'{creator.Name}' is registered twice");
        }
    }

    public T? GetObject(string name, string? version) =>
        _creators.TryGetValue(name, out var creator) ? creator.Create() : default;
}
