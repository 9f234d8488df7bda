using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Core.Rules.Primitives;

/// <summary>
/// Builds the regular expressions rules use. The non-backtracking engine runs in time linear in
/// the input, so no pattern can hang a request; patterns it cannot express (backreferences,
/// lookarounds) fall back to the backtracking engine with a short match timeout.
/// </summary>
internal static class RuleRegex
{
    public static readonly TimeSpan FallbackTimeout = TimeSpan.FromMilliseconds(50);

    /// <exception cref="RuleCompileException">The pattern is not a valid regular expression.</exception>
    public static Regex Create(string pattern, bool ignoreCase)
    {
        var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        try
        {
            return new Regex(pattern, options | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return Fallback(pattern, options);
        }
        catch (ArgumentException ex)
        {
            throw Invalid(pattern, ex);
        }
    }

    private static RuleCompileException Invalid(string pattern, ArgumentException ex) =>
        new($"'{pattern}' is not a valid regular expression: {ex.Message}", found: pattern, expected: "a regular expression");

    private static Regex Fallback(string pattern, RegexOptions options)
    {
        try
        {
            return new Regex(pattern, options, FallbackTimeout);
        }
        catch (ArgumentException ex)
        {
            throw Invalid(pattern, ex);
        }
    }

    /// <summary>A regex that ran out of time counts as not matching; the request goes on.</summary>
    public static bool IsMatch(Regex regex, ReadOnlySpan<char> input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Replaces the first match (or every match) and returns null when the regex ran out of time.</summary>
    public static string? Replace(Regex regex, string input, string replacement, bool global)
    {
        try
        {
            return regex.Replace(input, replacement, global ? -1 : 1);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// Turns HAProxy's replacement syntax (<c>\1</c> for a group) into .NET's (<c>${1}</c>),
    /// escaping a literal <c>$</c>.
    /// </summary>
    public static string Replacement(string haproxy)
    {
        var result = new StringBuilder(haproxy.Length);
        for (var i = 0; i < haproxy.Length; i++)
        {
            var c = haproxy[i];
            if (c == '\\' && i + 1 < haproxy.Length && char.IsAsciiDigit(haproxy[i + 1]))
            {
                result.Append("${").Append(haproxy[i + 1]).Append('}');
                i++;
            }
            else if (c == '$')
            {
                result.Append("$$");
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
