using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Rules.Actions;

/// <summary>Reads and checks the arguments and options actions share: status codes, numbers, header names, regexes, bodies.</summary>
internal static class ActionArguments
{
    /// <summary>The first value of an option, or null when it is not given.</summary>
    public static ActionArgument? OptionArgument(this ActionCall call, string name) =>
        call.Options.FirstOrDefault(o => o.Name == name) is { Values.Count: > 0 } option ? option.Values[0] : null;

    public static string? Option(this ActionCall call, string name) => call.OptionArgument(name)?.Text;

    public static bool HasOption(this ActionCall call, string name) => call.Options.Any(o => o.Name == name);

    /// <summary>A status code given as an option (from 200), or <paramref name="fallback"/>.</summary>
    public static int Status(this ActionCall call, string option, int fallback) =>
        call.OptionArgument(option) is { } argument ? Status(argument, 200) : fallback;

    public static int Status(ActionArgument argument, int minimum)
    {
        var status = Integer(argument);
        return status >= minimum && status <= 599
            ? status
            : throw new RuleCompileException($"A status code here is between {minimum} and 599; found {status}.", argument.Position, argument.Text, $"a status code from {minimum} to 599");
    }

    public static int Integer(ActionArgument argument) =>
        int.TryParse(argument.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new RuleCompileException($"Expected a number; found '{argument.Text}'.", argument.Position, argument.Text, "a number");

    public static string HeaderName(ActionArgument argument) =>
        HeaderSafety.IsValidName(argument.Text)
            ? argument.Text
            : throw new RuleCompileException($"'{argument.Text}' is not a header name; names are letters, digits and !#$%&'*+-.^_`|~.", argument.Position, argument.Text, "a header name");

    public static Regex Regex(ActionArgument argument)
    {
        try
        {
            return RuleRegex.Create(argument.Text, ignoreCase: false);
        }
        catch (RuleCompileException ex)
        {
            throw ex.At(argument.Position);
        }
    }

    /// <summary>The body given by <c>string</c> (literal) or <c>lf-string</c> (a format), or null.</summary>
    public static CompiledFormat? Body(this ActionCall call, IActionBuildContext context)
    {
        var literal = call.OptionArgument("string");
        var format = call.OptionArgument("lf-string");
        if (literal is not null && format is not null)
        {
            throw new RuleCompileException("Give either string (literal text) or lf-string (a format), not both.", format.Position, format.Text, "string or lf-string, not both");
        }

        return literal is not null ? new CompiledFormat([literal.Text], literal.Text)
            : format is not null ? context.Format(format)
            : null;
    }
}
