using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Rules.Actions;

/// <summary>Keeps rules from writing malformed header fields.</summary>
internal static class HeaderSafety
{
    private static readonly System.Buffers.SearchValues<char> TokenCharacters =
        System.Buffers.SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>A field name is an RFC 9110 token.</summary>
    public static bool IsValidName(string name) => name.Length > 0 && name.AsSpan().IndexOfAnyExcept(TokenCharacters) < 0;

    /// <summary>A value produced from request data must not smuggle in a line break or a NUL.</summary>
    public static bool IsValidValue(string value) => value.AsSpan().IndexOfAny('\r', '\n', '\0') < 0;

    /// <summary>Fails the request the way HAProxy's strict mode does when a rewrite would produce an invalid value.</summary>
    public static RuleOutcome Refuse(RuleSession session, string what)
    {
        session.Response = new RuleResponse(RuleResponseKind.RewriteFailed, 500, "text/plain; charset=utf-8", "The gateway could not rewrite this request.\n");
        if (session.Trace is not null)
        {
            session.ActionDetail = $"refused: {what} would contain CR, LF or NUL; answering 500";
        }

        return RuleOutcome.Respond;
    }
}
