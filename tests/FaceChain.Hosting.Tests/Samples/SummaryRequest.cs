namespace FaceChain.Hosting.Tests.Samples;

public sealed record SummaryRequest(string Greeting, int[] Squares);
