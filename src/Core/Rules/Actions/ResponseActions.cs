using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Rules.Actions;

/// <summary><c>deny</c> and <c>tarpit</c>: answer with an error status (and an optional body) instead of forwarding.</summary>
/// <remarks>Both take a status, a content type and a body: string (literal) or lf-string (a format).</remarks>
internal sealed class DenyAction(RuleResponseKind kind, int status, string? contentType, CompiledFormat? body) : RuleAction
{
    private static readonly OptionSyntax[] ResponseBody =
        [new("content-type", 1), new("string", 1), new("lf-string", 1)];

    /// <summary>The options of a response with a body; <c>return</c> adds <c>status</c> and <c>hdr</c> around them.</summary>
    internal static OptionSyntax[] BodyOptions => ResponseBody;

    public static IRuleActionFactory Deny { get; } = new ActionFactory(
        new("deny", [RulePhase.HttpRequest, RulePhase.HttpResponse], 0, 0, "deny [deny_status <code>] [content-type <type>] [string <text> | lf-string <format>]", false, [new OptionSyntax("deny_status", 1), .. ResponseBody]),
        (call, context) => new DenyAction(RuleResponseKind.Deny, call.Status("deny_status", context.Phase == RulePhase.HttpResponse ? 502 : 403), call.Option("content-type"), call.Body(context)));

    public static IRuleActionFactory Tarpit { get; } = new ActionFactory(
        new("tarpit", [RulePhase.HttpRequest], 0, 0, "tarpit [deny_status <code>] [content-type <type>] [string <text> | lf-string <format>]", false, [new OptionSyntax("deny_status", 1), .. ResponseBody]),
        (call, context) => new DenyAction(RuleResponseKind.Tarpit, call.Status("deny_status", 500), call.Option("content-type"), call.Body(context)));

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
    public static IRuleActionFactory Return { get; } = new ActionFactory(
        new("return", [RulePhase.HttpRequest], 0, 0, "return [status <code>] [content-type <type>] [string <text> | lf-string <format>] [hdr <name> <format>]...", false, [new OptionSyntax("status", 1), .. DenyAction.BodyOptions, new OptionSyntax("hdr", 2, Repeatable: true)]),
        (call, context) => new ReturnAction(call.Status("status", 200), call.Option("content-type"), call.Body(context),
            [.. call.Options.Where(o => o.Name == "hdr").Select(o => (ActionArguments.HeaderName(o.Values[0]), context.Format(o.Values[1])))]));

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

internal enum RedirectKind
{
    Location,
    Prefix,
    Scheme,
}

/// <summary><c>redirect location|prefix|scheme</c>.</summary>
/// <remarks>
/// <c>set-cookie NAME[=VALUE]</c> adds <c>Set-Cookie: NAME[=VALUE]; path=/;</c> as HAProxy writes it;
/// <c>append-slash</c> (prefix and scheme) adds a <c>/</c> to a path that does not end with one.
/// HAProxy appends it after the query when there is one; we append it to the path.
/// </remarks>
internal sealed class RedirectAction(RedirectKind kind, CompiledFormat target, int code, bool dropQuery, bool appendSlash, string? cookie) : RuleAction
{
    public static IRuleActionFactory Redirect { get; } = new ActionFactory(
        new("redirect", [RulePhase.HttpRequest, RulePhase.HttpResponse], 2, 2, "redirect location|prefix|scheme <format> [code 301|302|303|307|308] [drop-query] [append-slash] [set-cookie NAME[=VALUE]]", false,
            new OptionSyntax("code", 1), new OptionSyntax("drop-query", 0), new OptionSyntax("append-slash", 0), new OptionSyntax("set-cookie", 1)),
        Build);

    private static RedirectAction Build(ActionCall call, IActionBuildContext context)
    {
        var kindText = call.Arguments[0];
        var kind = kindText.Text switch
        {
            "location" => RedirectKind.Location,
            "prefix" => RedirectKind.Prefix,
            "scheme" => RedirectKind.Scheme,
            _ => throw new RuleCompileException($"redirect takes location, prefix or scheme; found '{kindText.Text}'.", kindText.Position, kindText.Text, "location, prefix or scheme"),
        };

        var code = call.OptionArgument("code") is { } codeArgument ? ActionArguments.Integer(codeArgument) : 302;
        if (code is not (301 or 302 or 303 or 307 or 308))
        {
            throw new RuleCompileException($"A redirect code is 301, 302, 303, 307 or 308; found {code}.", call.OptionArgument("code")!.Position, call.OptionArgument("code")!.Text, "301, 302, 303, 307 or 308");
        }

        var cookie = call.OptionArgument("set-cookie");
        if (cookie is not null && (cookie.Text.Length == 0 || cookie.Text[0] == '=' || !HeaderSafety.IsValidValue(cookie.Text)))
        {
            throw new RuleCompileException($"set-cookie takes NAME or NAME=VALUE; found '{cookie.Text}'.", cookie.Position, cookie.Text, "NAME or NAME=VALUE");
        }

        return new RedirectAction(kind, context.Format(call.Arguments[1]), code, call.HasOption("drop-query"), call.HasOption("append-slash"), cookie?.Text);
    }

    public override RuleOutcome Execute(RuleSession session)
    {
        var exchange = session.Exchange;
        var value = target.Evaluate(session);
        var query = dropQuery || !exchange.HasQuery ? "" : "?" + exchange.Query.ToString();
        var path = appendSlash && !exchange.Path.EndsWith('/') ? exchange.Path + "/" : exchange.Path;
        var location = kind switch
        {
            RedirectKind.Location => value,
            RedirectKind.Prefix => value.TrimEnd('/') + path + query,
            _ => $"{value}://{Host(exchange)}{path}{query}",
        };

        if (!HeaderSafety.IsValidValue(location))
        {
            return HeaderSafety.Refuse(session, "the Location header");
        }

        session.Response = new RuleResponse(RuleResponseKind.Redirect, code, Location: location)
        {
            Headers = cookie is null ? [] : [new("Set-Cookie", cookie + "; path=/;")],
        };
        Describe(session, $"redirect {code} to {location}");
        return RuleOutcome.Respond;
    }

    private static string Host(IRuleExchange exchange) => exchange.RequestHeaders.Count("Host") > 0 ? exchange.RequestHeaders.GetValue("Host", 0) : "";
}

/// <summary><c>http-response set-status code [reason text]</c>.</summary>
internal sealed class SetStatusAction(int status, string? reason) : RuleAction
{
    public static IRuleActionFactory SetStatus { get; } = new ActionFactory(
        new("set-status", [RulePhase.HttpResponse], 1, 1, "set-status <code> [reason <text>]", false, new OptionSyntax("reason", 1)),
        (call, _) => new SetStatusAction(ActionArguments.Status(call.Arguments[0], 100), call.Option("reason")));

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
    public static IRuleActionFactory RewriteLocation { get; } = new ActionFactory(
        new("rewrite-location", [RulePhase.HttpResponse], 0, 2, "rewrite-location [<server prefix> <public prefix>]"),
        (call, context) => call.Arguments.Count == 2
            ? new RewriteLocationAction(context.Format(call.Arguments[0]), context.Format(call.Arguments[1]))
            : new RewriteLocationAction(null, null));

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
