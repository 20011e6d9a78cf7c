namespace FaceChain.Hosting.Tests.Samples;

public sealed record SampleResult(string Greeting, int[] Squares, string Summary);
