using System.Text.Json;

namespace FaceChain.Cli;

/// <summary>One JSON style for every command's output.</summary>
public static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true };
}
