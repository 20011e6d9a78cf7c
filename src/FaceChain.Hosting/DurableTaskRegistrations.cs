using System.Reflection;
using Microsoft.DurableTask;

namespace FaceChain.Hosting;

/// <summary>
/// The orchestrator and activity classes an engine hosts, by name. Instances are created per execution through the
/// engine's <see cref="IServiceProvider"/>, so constructor-injected services work the same on every backend.
/// </summary>
public sealed class DurableTaskRegistrations
{
    private readonly List<DurableTaskRegistration> _orchestrators = [];
    private readonly List<DurableTaskRegistration> _activities = [];

    public IReadOnlyList<DurableTaskRegistration> Orchestrators => _orchestrators;

    public IReadOnlyList<DurableTaskRegistration> Activities => _activities;

    /// <summary>Registers an orchestrator under its <see cref="DurableTaskAttribute"/> name or its class name.</summary>
    public DurableTaskRegistrations AddOrchestrator<TOrchestrator>()
        where TOrchestrator : class, ITaskOrchestrator =>
        AddOrchestrator(DefaultName(typeof(TOrchestrator)), typeof(TOrchestrator));

    public DurableTaskRegistrations AddOrchestrator(string name, Type type)
    {
        Add(_orchestrators, name, type, typeof(ITaskOrchestrator));
        return this;
    }

    /// <summary>Registers an activity under its <see cref="DurableTaskAttribute"/> name or its class name.</summary>
    public DurableTaskRegistrations AddActivity<TActivity>()
        where TActivity : class, ITaskActivity =>
        AddActivity(DefaultName(typeof(TActivity)), typeof(TActivity));

    public DurableTaskRegistrations AddActivity(string name, Type type)
    {
        Add(_activities, name, type, typeof(ITaskActivity));
        return this;
    }

    private static string DefaultName(Type type) =>
        type.GetCustomAttribute<DurableTaskAttribute>()?.Name.Name is { Length: > 0 } name ? name : type.Name;

    private static void Add(List<DurableTaskRegistration> target, string name, Type type, Type contract)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(type);
        if (!contract.IsAssignableFrom(type) || type.IsAbstract || type.IsInterface)
        {
            throw new ArgumentException($"{type.FullName} is not a concrete {contract.Name}", nameof(type));
        }

        if (target.Exists(existing => string.Equals(existing.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"a {contract.Name} named '{name}' is already registered", nameof(name));
        }

        target.Add(new DurableTaskRegistration(name, type));
    }
}
