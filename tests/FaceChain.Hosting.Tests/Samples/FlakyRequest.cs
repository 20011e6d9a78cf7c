namespace FaceChain.Hosting.Tests.Samples;

/// <param name="Key">Counts attempts in the <see cref="ExecutionLog"/>.</param>
/// <param name="TransientFailures">Attempts that fail with a retryable <see cref="TimeoutException"/> before success.</param>
/// <param name="Permanent">Fail every attempt with an <see cref="ArgumentException"/>, which the policy must not retry.</param>
/// <param name="MaxAttempts">The retry policy's attempt limit.</param>
public sealed record FlakyRequest(string Key, int TransientFailures, bool Permanent, int MaxAttempts);
