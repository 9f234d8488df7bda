using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Core.Rules.Primitives;

/// <summary>
/// Builds the regular expressions rules use, and runs them so that no request can buy unbounded regex time.
/// The non-backtracking engine runs in time linear in the input, so such a pattern cannot hang a request. Patterns
/// it cannot express (backreferences, lookarounds, atomic groups) are refused at validation unless the pattern
/// opts in with a leading <c>(*BACKTRACK)</c> (PCRE's start-of-pattern option syntax); those run on the backtracking
/// engine with a <see cref="FallbackTimeout"/> per match and a <see cref="RequestBudget"/> of backtracking time per
/// request. A match that runs out of either fails closed: <see cref="RuleRegexTimeoutException"/> stops the rules and
/// the request is refused, never treated as "no match" (which would let a long path through a deny rule).
/// </summary>
internal static class RuleRegex
{
    public static readonly TimeSpan FallbackTimeout = TimeSpan.FromMilliseconds(50);

    /// <summary>Backtracking regex time one request (or connection) may spend in all its rules together.</summary>
    public static readonly TimeSpan RequestBudget = TimeSpan.FromMilliseconds(100);

    /// <summary>The opt-in prefix for a pattern that needs the backtracking engine.</summary>
    public const string BacktrackPrefix = "(*BACKTRACK)";

    // The budget of the rules running on this thread now (CompiledRules.Run sets it; rules run synchronously).
    [ThreadStatic]
    private static bool t_budgeted;

    [ThreadStatic]
    private static long t_budgetLeft;

    /// <exception cref="RuleCompileException">The pattern is not a valid regular expression, or needs backtracking without opting in.</exception>
    public static Regex Create(string pattern, bool ignoreCase)
    {
        var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        if (pattern.StartsWith(BacktrackPrefix, StringComparison.Ordinal))
        {
            return Fallback(pattern[BacktrackPrefix.Length..], options);
        }

        try
        {
            return new Regex(pattern, options | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            // Valid for the backtracking engine? Then say what to do; otherwise say what is wrong.
            Fallback(pattern, options);
            throw new RuleCompileException(
                $"'{pattern}' needs the backtracking regex engine (a backreference, lookaround, atomic group or conditional), which can take "
                + $"time exponential in the input. Rewrite it without them, or opt in by starting it with {BacktrackPrefix}: each match is then cut after "
                + $"{FallbackTimeout.TotalMilliseconds:0} ms, and a cut refuses the request.",
                found: pattern, expected: $"a regular expression the linear-time engine runs, or {BacktrackPrefix} before it");
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

    /// <summary>Starts a request's (or connection's) regex budget on this thread; returns the state it replaces.</summary>
    internal static (bool Budgeted, long Left) EnterBudget(long leftTicks)
    {
        var previous = (t_budgeted, t_budgetLeft);
        (t_budgeted, t_budgetLeft) = (true, leftTicks);
        return previous;
    }

    /// <summary>Ends the budget started by <see cref="EnterBudget"/>; returns what is left of it.</summary>
    internal static long LeaveBudget((bool Budgeted, long Left) previous)
    {
        var left = t_budgetLeft;
        (t_budgeted, t_budgetLeft) = previous;
        return left;
    }

    public static long BudgetTicks => (long)(RequestBudget.TotalSeconds * Stopwatch.Frequency);

    /// <exception cref="RuleRegexTimeoutException">A backtracking match ran out of time: the request must be refused.</exception>
    public static bool IsMatch(Regex regex, ReadOnlySpan<char> input)
    {
        if (regex.MatchTimeout == Regex.InfiniteMatchTimeout)
        {
            return regex.IsMatch(input);
        }

        var started = Charge();
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new RuleRegexTimeoutException(regex.ToString(), ex);
        }
        finally
        {
            Spent(started);
        }
    }

    /// <summary>Replaces the first match (or every match).</summary>
    /// <exception cref="RuleRegexTimeoutException">A backtracking match ran out of time: the request must be refused.</exception>
    public static string Replace(Regex regex, string input, string replacement, bool global)
    {
        if (regex.MatchTimeout == Regex.InfiniteMatchTimeout)
        {
            return regex.Replace(input, replacement, global ? -1 : 1);
        }

        var started = Charge();
        try
        {
            return regex.Replace(input, replacement, global ? -1 : 1);
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new RuleRegexTimeoutException(regex.ToString(), ex);
        }
        finally
        {
            Spent(started);
        }
    }

    /// <summary>Runs <paramref name="match"/> with a backtracking regex under the request's budget (for actions that need a <see cref="Match"/>).</summary>
    public static T Run<T>(Regex regex, Func<T> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (regex.MatchTimeout == Regex.InfiniteMatchTimeout)
        {
            return match();
        }

        var started = Charge();
        try
        {
            return match();
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new RuleRegexTimeoutException(regex.ToString(), ex);
        }
        finally
        {
            Spent(started);
        }
    }

    private static long Charge()
    {
        // Outside CompiledRules.Run (a test calling a matcher) there is no budget, only the per-match timeout.
        if (t_budgeted && t_budgetLeft <= 0)
        {
            throw new RuleRegexTimeoutException("", inner: null);
        }

        return Stopwatch.GetTimestamp();
    }

    private static void Spent(long started)
    {
        if (t_budgeted)
        {
            t_budgetLeft -= Stopwatch.GetTimestamp() - started;
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
