using System.Globalization;
using System.Text.RegularExpressions;

namespace FaceChain.Cli;

/// <summary>
/// The command-line parser's messages in the words of the rest of the CLI: the parser names the .NET type it wanted
/// (<c>System.Nullable`1[System.UInt64]</c>), which means nothing to someone typing a seed.
/// </summary>
public static partial class ParseErrorText
{
    public static string Phrase(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var typed = CannotParse().Match(message);
        if (typed.Success)
        {
            return $"{typed.Groups["symbol"].Value}: '{typed.Groups["value"].Value}' is not {Expected(typed.Groups["type"].Value)}";
        }

        // Any other message that names a type: its words instead.
        return TypeName().Replace(message, m => Expected(m.Value));
    }

    private static string Expected(string typeName) => UnderlyingType(typeName) switch
    {
        "Int32" => "a whole number",
        "Int64" => "a whole number",
        "UInt64" => $"a whole number from 0 to {ulong.MaxValue.ToString(CultureInfo.InvariantCulture)}",
        "UInt32" => $"a whole number from 0 to {uint.MaxValue.ToString(CultureInfo.InvariantCulture)}",
        "Single" or "Double" or "Decimal" => "a number",
        "Boolean" => "true or false",
        _ => "a valid value",
    };

    private static string UnderlyingType(string typeName)
    {
        var inner = typeName.LastIndexOf('[');
        var name = inner >= 0 ? typeName[(inner + 1)..].TrimEnd(']') : typeName;
        return name[(name.LastIndexOf('.') + 1)..];
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|argument|command) '(?<symbol>[^']+)' as expected type '(?<type>[^']+)'\.?$")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"System\.[A-Za-z0-9_.`]+(?:\[[A-Za-z0-9_.,\[\] ]+\])?")]
    private static partial Regex TypeName();
}
