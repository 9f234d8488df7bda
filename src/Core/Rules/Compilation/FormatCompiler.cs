using System.Text;
using Gateway.Core.Rules.Actions;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Rules.Compilation;

/// <summary>
/// Parses a format: literal text, <c>%[expression]</c> substitutions and <c>%%</c> for a percent
/// sign. A <c>]</c> inside the expression's parentheses does not end it.
/// </summary>
internal static class FormatCompiler
{
    public static CompiledFormat Compile(ActionArgument argument, PhaseSet phase, RuleCompileContext context)
    {
        var text = argument.Text;
        var parts = new List<object>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '%' || i + 1 == text.Length || text[i + 1] is not ('[' or '%'))
            {
                literal.Append(text[i++]);
                continue;
            }

            if (text[i + 1] == '%')
            {
                literal.Append('%');
                i += 2;
                continue;
            }

            var end = FindClose(text, i + 2);
            if (end < 0)
            {
                throw new RuleCompileException($"The substitution '%[' at character {i + 1} of '{text}' is never closed with ']'.", Offset(argument, i), text[i..], "]");
            }

            if (literal.Length > 0)
            {
                parts.Add(literal.ToString());
                literal.Clear();
            }

            SampleExpression expression;
            try
            {
                expression = SampleExpressionParser.Parse(text[(i + 2)..end], argument.Position.Line, argument.Position.Column + i + 2);
            }
            catch (RuleSyntaxException ex)
            {
                throw new RuleCompileException(ex.Diagnostic.Message, new(ex.Diagnostic.Line, ex.Diagnostic.Column), ex.Diagnostic.Found, ex.Diagnostic.Expected);
            }

            parts.Add(SampleCompiler.Compile(expression, phase, context));
            i = end + 1;
        }

        if (literal.Length > 0)
        {
            parts.Add(literal.ToString());
        }

        return new CompiledFormat(parts, text);
    }

    private static int FindClose(string text, int start)
    {
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\':
                    i++;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ']' when depth <= 0:
                    return i;
            }
        }

        return -1;
    }

    private static SourcePosition Offset(ActionArgument argument, int offset) => new(argument.Position.Line, argument.Position.Column + offset);
}
