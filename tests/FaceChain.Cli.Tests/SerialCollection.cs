namespace FaceChain.Cli.Tests;

/// <summary>Tests that measure this process (allocations, time) run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
