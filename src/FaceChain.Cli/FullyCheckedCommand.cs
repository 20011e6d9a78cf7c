using System.CommandLine;

namespace FaceChain.Cli;

/// <summary>
/// A command that can still check the rest of its command line when the parser rejects part of it (a word where a
/// number belongs), so the user sees every problem at once rather than one per attempt.
/// </summary>
public sealed class FullyCheckedCommand(string name, string description, Func<ParseResult, CancellationToken, Task<IReadOnlyList<string>>> otherProblems)
    : Command(name, description)
{
    /// <summary>The problems besides the parser's, one sentence each (the options the parser rejected are taken as left out).</summary>
    public Task<IReadOnlyList<string>> OtherProblemsAsync(ParseResult parse, CancellationToken cancellationToken) => otherProblems(parse, cancellationToken);

    /// <summary>The option's value, or <paramref name="fallback"/> when the parser rejected what was typed for it.</summary>
    public static T? ValueOr<T>(ParseResult parse, Option<T> option, T? fallback)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var result = parse.GetResult(option);
        if (result is not null && parse.Errors.Any(e => Within(e.SymbolResult, result)))
        {
            return fallback;
        }

        return parse.GetValue(option);
    }

    private static bool Within(System.CommandLine.Parsing.SymbolResult? symbol, System.CommandLine.Parsing.SymbolResult target)
    {
        for (; symbol is not null; symbol = symbol.Parent)
        {
            if (ReferenceEquals(symbol, target))
            {
                return true;
            }
        }

        return false;
    }
}
