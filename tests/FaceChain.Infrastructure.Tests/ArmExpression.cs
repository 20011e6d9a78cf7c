using System.Text.RegularExpressions;

namespace FaceChain.Infrastructure.Tests;

/// <summary>Reads the unevaluated parts that a deployment snapshot leaves in place.</summary>
internal static partial class ArmExpression
{
    /// <summary>The resource ids an expression reads with <c>reference('&lt;id&gt;', ...)</c>.</summary>
    public static IReadOnlyList<string> ReferencedResourceIds(string? expression) =>
        expression is null
            ? []
            : ReferenceCall().Matches(expression).Select(match => match.Groups["id"].Value).ToArray();

    /// <summary>True when the value is a literal, not an expression evaluated at deployment time.</summary>
    public static bool IsLiteral(string value) => !(value.StartsWith('[') && value.EndsWith(']'));

    [GeneratedRegex(@"reference\('(?<id>[^']+)'")]
    private static partial Regex ReferenceCall();
}
