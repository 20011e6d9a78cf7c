namespace FaceChain.Hosting.Tests.Samples;

public sealed record SampleRequest(string Name, int[] Numbers);
