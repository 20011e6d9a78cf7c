namespace FaceChain.Hosting.Tests.Samples;

public sealed record SampleProgress(string Stage, int Done, int Total);
