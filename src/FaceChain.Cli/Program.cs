using FaceChain.Cli;

// The in-memory engine's gRPC sidecar is an ASP.NET Core host with default console logging: at Information level it
// writes every request to stdout, which belongs to command output. Its host reads this from the environment.
const string SidecarLogLevel = "Logging__LogLevel__Default";
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(SidecarLogLevel)))
{
    Environment.SetEnvironmentVariable(SidecarLogLevel, "Warning");
}

return await FaceChainCommandLine.RunProcessAsync(args);
