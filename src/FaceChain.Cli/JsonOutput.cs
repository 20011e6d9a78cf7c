using System.Text.Encodings.Web;
using System.Text.Json;

namespace FaceChain.Cli;

/// <summary>One JSON style for every command's output.</summary>
public static class JsonOutput
{
    // Relaxed escaping keeps quality messages readable ("need ≥ 100", not "need \u2265 100"); the output goes to a terminal or file, never into HTML.
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
