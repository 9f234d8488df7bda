using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Rules.Actions;

/// <summary><c>deny</c> and <c>tarpit</c>: answer with an error status (and an optional body) instead of forwarding.</summary>
internal sealed class DenyAction(RuleResponseKind kind, int status, string? contentType, CompiledFormat? body) : RuleAction
{
    public override RuleOutcome Execute(RuleSession session)
    {
        session.Response = new RuleResponse(kind, status, contentType ?? (body is null ? null : "text/plain; charset=utf-8"), body?.Evaluate(session));
        Describe(session, $"{kind.ToString().ToLowerInvariant()} with status {status}");
        return RuleOutcome.Respond;
    }
}

/// <summary><c>return</c>: answer with a status, headers and body of the rule's choosing.</summary>
internal sealed class ReturnAction(int status, string? contentType, CompiledFormat? body, IReadOnlyList<(string Name, CompiledFormat Value)> headers) : RuleAction
{
    public override RuleOutcome Execute(RuleSession session)
    {
        var fields = new List<KeyValuePair<string, string>>(headers.Count);
        foreach (var (name, format) in headers)
        {
            var value = format.Evaluate(session);
            if (!HeaderSafety.IsValidValue(value))
            {
                return HeaderSafety.Refuse(session, $"header {name}");
            }

            fields.Add(new(name, value));
        }

        session.Response = new RuleResponse(RuleResponseKind.Return, status, contentType ?? (body is null ? null : "text/plain; charset=utf-8"), body?.Evaluate(session)) { Headers = fields };
        Describe(session, $"return status {status}");
        return RuleOutcome.Respond;
    }
}

public enum RedirectKind
{
    Location,
    Prefix,
    Scheme,
}

/// <summary><c>redirect location|prefix|scheme</c>.</summary>
internal sealed class RedirectAction(RedirectKind kind, CompiledFormat target, int code, bool dropQuery) : RuleAction
{
    public override RuleOutcome Execute(RuleSession session)
    {
        var exchange = session.Exchange;
        var value = target.Evaluate(session);
        var query = dropQuery || exchange.Query.Length == 0 ? "" : "?" + exchange.Query.ToString();
        var location = kind switch
        {
            RedirectKind.Location => value,
            RedirectKind.Prefix => value.TrimEnd('/') + exchange.Path + query,
            _ => $"{value}://{Host(exchange)}{exchange.Path}{query}",
        };

        if (!HeaderSafety.IsValidValue(location))
        {
            return HeaderSafety.Refuse(session, "the Location header");
        }

        session.Response = new RuleResponse(RuleResponseKind.Redirect, code, Location: location);
        Describe(session, $"redirect {code} to {location}");
        return RuleOutcome.Respond;
    }

    private static string Host(IRuleExchange exchange) => exchange.RequestHeaders.Count("Host") > 0 ? exchange.RequestHeaders.GetValue("Host", 0) : "";
}

/// <summary><c>http-response set-status code [reason text]</c>.</summary>
internal sealed class SetStatusAction(int status, string? reason) : RuleAction
{
    public override bool ChangesSamples => true;

    public override RuleOutcome Execute(RuleSession session)
    {
        session.Exchange.StatusCode = status;
        if (reason is not null)
        {
            session.Exchange.SetReasonPhrase(reason);
        }

        Describe(session, $"status {status}" + (reason is null ? "" : " " + reason));
        return RuleOutcome.Continue;
    }
}

/// <summary>
/// <c>http-response rewrite-location [server-prefix public-prefix]</c>: a Location that points at
/// the server (its base address, or the given server prefix) is rewritten to the address the
/// client used (or the given public prefix), so redirects from a server behind the gateway work.
/// </summary>
internal sealed class RewriteLocationAction(CompiledFormat? serverPrefix, CompiledFormat? publicPrefix) : RuleAction
{
    public override bool ChangesSamples => true;

    public override RuleOutcome Execute(RuleSession session)
    {
        var exchange = session.Exchange;
        var headers = exchange.ResponseHeaders;
        if (headers.Count("Location") == 0)
        {
            Describe(session, "no Location header");
            return RuleOutcome.Continue;
        }

        var location = headers.GetValue("Location", 0);
        var from = serverPrefix?.Evaluate(session) ?? exchange.ServerAddress?.TrimEnd('/');
        var host = exchange.RequestHeaders.Count("Host") > 0 ? exchange.RequestHeaders.GetValue("Host", 0) : "";
        var to = publicPrefix?.Evaluate(session) ?? $"{exchange.Scheme}://{host}";
        if (string.IsNullOrEmpty(from) || !StartsWithPrefix(location, from))
        {
            Describe(session, $"Location '{location}' does not start with '{from}'; unchanged");
            return RuleOutcome.Continue;
        }

        var rewritten = to + location[from.Length..];
        if (!HeaderSafety.IsValidValue(rewritten))
        {
            return HeaderSafety.Refuse(session, "the Location header");
        }

        headers.SetValue("Location", rewritten);
        Describe(session, $"Location: {rewritten}");
        return RuleOutcome.Continue;
    }

    /// <summary>Whether the prefix ends where a URL part does, so <c>http://app</c> is not a prefix of <c>http://app2/</c>.</summary>
    private static bool StartsWithPrefix(string location, string prefix) =>
        location.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) &&
        (location.Length == prefix.Length || prefix.EndsWith('/') || location[prefix.Length] is '/' or '?' or '#');
}
