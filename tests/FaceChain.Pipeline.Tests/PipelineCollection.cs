namespace FaceChain.Pipeline.Tests;

/// <summary>Tests that run models share one <see cref="PipelineFixture"/> (and run one class at a time: they are CPU-bound).</summary>
[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline models";
}
