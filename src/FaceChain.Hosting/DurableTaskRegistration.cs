namespace FaceChain.Hosting;

/// <summary>One orchestrator or activity class, under the name that orchestrations and clients use to call it.</summary>
public sealed record DurableTaskRegistration(string Name, Type Type);
