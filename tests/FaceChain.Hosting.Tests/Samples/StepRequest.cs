namespace FaceChain.Hosting.Tests.Samples;

public sealed record StepRequest(string Step, int DurationMs = 0);
