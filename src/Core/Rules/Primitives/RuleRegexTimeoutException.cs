namespace Gateway.Core.Rules.Primitives;

/// <summary>
/// A backtracking regex of a rule ran out of time (its per-match timeout, or the request's regex budget). The rules
/// stop and the request is refused: a timeout never counts as "no match".
/// </summary>
internal sealed class RuleRegexTimeoutException(string pattern, Exception? inner)
    : Exception(pattern.Length == 0 ? "The request's regex time budget is used up." : $"The regex '{pattern}' ran out of time.", inner)
{
    public string Pattern { get; } = pattern;
}
