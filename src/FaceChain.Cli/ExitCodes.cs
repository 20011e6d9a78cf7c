namespace FaceChain.Cli;

/// <summary>
/// Process exit codes. Scripts tell a mistyped command (fix the arguments) from a job that ran and failed
/// (fix the photo or the model set) from an environment problem (install Node.js, start storage).
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>An input the command read was unusable (not an image, no face, a missing or corrupt model): faces, compare, models.</summary>
    public const int InputError = 1;

    /// <summary>The command line itself is wrong: unknown option, missing photo file, unknown style, a number out of range.</summary>
    public const int BadArguments = 2;

    /// <summary>The portrait job ran and failed; the reason is printed (e.g. "no face found in the character photo").</summary>
    public const int JobFailed = 3;

    /// <summary>The engine, its storage or a required model is unavailable (e.g. --engine azurite without Node.js).</summary>
    public const int EnvironmentError = 4;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
