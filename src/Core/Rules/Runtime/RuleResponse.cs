namespace Gateway.Core.Rules.Runtime;

public enum RuleResponseKind
{
    /// <summary><c>tcp-request connection reject</c>: close the connection without a word.</summary>
    Reject,
    Deny,
    Tarpit,
    Redirect,
    Return,

    /// <summary>A rewrite could not be applied (e.g. it would have put a line break in a header): answer 500, as HAProxy's strict mode does.</summary>
    RewriteFailed,
}

/// <summary>The answer a terminal action chose instead of forwarding the request.</summary>
public sealed record RuleResponse(RuleResponseKind Kind, int StatusCode, string? ContentType = null, string? Body = null, string? Location = null)
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
