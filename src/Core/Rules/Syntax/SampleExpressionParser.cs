using System.Text;
using Gateway.Core.Rules.Primitives;

namespace Gateway.Core.Rules.Syntax;

/// <summary>
/// Parses <c>fetch(arg,arg),converter(arg),converter</c>. Inside parentheses a backslash escapes
/// <c>,</c> <c>(</c> <c>)</c> and itself; nested parentheses are kept whole, so
/// <c>regsub(^/(v1|v2)/,/)</c> needs no escaping.
/// </summary>
internal static class SampleExpressionParser
{
    /// <param name="text">The expression.</param>
    /// <param name="line">Line, for errors.</param>
    /// <param name="column">Column of the expression's first character, for errors.</param>
    public static SampleExpression Parse(string text, int line, int column)
    {
        ArgumentNullException.ThrowIfNull(text);
        var calls = new List<SampleCall>();
        var i = 0;
        while (true)
        {
            calls.Add(ParseCall(text, ref i, line, column));
            if (i == text.Length)
            {
                break;
            }

            if (text[i] != ',')
            {
                throw Error(line, column + i, $"Unexpected '{text[i]}' in the sample expression '{text}'.", text[i].ToString(), "',' and a converter, or the end of the expression");
            }

            i++;
        }

        return new SampleExpression(calls[0], calls.Skip(1).ToValueList());
    }

    private static SampleCall ParseCall(string text, ref int i, int line, int column)
    {
        var start = i;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-'))
        {
            i++;
        }

        if (i == start)
        {
            var found = i < text.Length ? text[i].ToString() : "end of expression";
            throw Error(line, column + i, $"Expected a fetch or converter name in '{text}'.", found, "a name such as hdr or lower");
        }

        var name = text[start..i];
        if (i == text.Length || text[i] != '(')
        {
            return new SampleCall(name, ValueList.Empty<string>(), new(line, column + start));
        }

        var args = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        var open = i;
        i++;
        while (true)
        {
            if (i == text.Length)
            {
                throw Error(line, column + open, $"The parenthesis after '{name}' is never closed.", "end of expression", "')'");
            }

            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && IsArgumentSpecial(text[i + 1]))
            {
                current.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c == ')' && depth == 0)
            {
                args.Add(current.ToString());
                i++;
                break;
            }

            if (c == ',' && depth == 0)
            {
                args.Add(current.ToString());
                current.Clear();
            }
            else
            {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                current.Append(c);
            }

            i++;
        }

        if (args is [""])
        {
            args.Clear();
        }

        return new SampleCall(name, args.ToValueList(), new(line, column + start));
    }

    /// <summary>Characters a backslash escapes inside an argument list.</summary>
    public static bool IsArgumentSpecial(char c) => c is ',' or '(' or ')' or '\\';

    private static RuleSyntaxException Error(int line, int column, string message, string found, string expected) =>
        new(new RuleDiagnostic(line, column, message, found, expected));
}
