using System.Globalization;
using System.Net;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Matching;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Tests.Rules;

/// <summary>A criterion on one of four fetches: path, the Host line, the X-T values (comma-split) or the client address.</summary>
public sealed record RefCriterion(string Fetch, MatchMethod Method, bool IgnoreCase, string[] Patterns)
{
    public string Text => $"{Fetch} {(IgnoreCase ? "-i " : "")}-m {Method.ToString().ToLowerInvariant()} {string.Join(' ', Patterns.Select(RuleFormatter.Word))}";
}

/// <param name="Acl">The index of a named ACL (written <c>aN</c>), or null for an anonymous one.</param>
public sealed record RefTerm(bool Negated, int? Acl, RefCriterion? Anonymous);

/// <param name="Alternatives">Null for a rule without a condition.</param>
/// <param name="Action">use-backend, return, allow, set-header, add-header or del-header (the last three on X-T).</param>
public sealed record RefRule(bool Unless, RefTerm[][]? Alternatives, string Action, string Argument);

public sealed record RefRequest(string Path, string? Host, string[] Tenant, string Client);

/// <summary>What a phase did: outcome, the status of a return, the cluster, the X-T lines left, and the lines of the rules that fired.</summary>
public sealed record RefResult(RuleOutcome Outcome, int? Status, string? Backend, string Tenant, string Fired);

/// <summary>A rule set over <see cref="RefCriterion"/>s, its text, and a plain interpreter that evaluates it rule by rule.</summary>
public sealed record RefRuleSet(RefCriterion[][] Acls, RefRule[] Rules)
{
    private int AclLines => Acls.Sum(a => a.Length);

    public string Text => string.Join('\n',
        Acls.SelectMany((criteria, i) => criteria.Select(c => $"acl a{i} {c.Text}"))
            .Concat(Rules.Select(RuleText)));

    /// <remarks>
    /// As in HAProxy, use-backend rules run after every other http-request rule, wherever they are
    /// written, and an allow stops the other rules but not them.
    /// </remarks>
    public RefResult Evaluate(RefRequest request)
    {
        var tenant = request.Tenant.ToList();
        string? backend = null;
        var fired = new List<int>();
        var outcome = RuleOutcome.Continue;
        int? status = null;
        foreach (var switching in new[] { false, true })
        {
            for (var i = 0; i < Rules.Length && (switching || outcome == RuleOutcome.Continue); i++)
            {
                var rule = Rules[i];
                if ((rule.Action == "use-backend") != switching ||
                    (rule.Alternatives is not null && Holds(rule.Alternatives, request, tenant) == rule.Unless))
                {
                    continue;
                }

                fired.Add(AclLines + i + 1);
                switch (rule.Action)
                {
                    case "use-backend":
                        backend ??= rule.Argument;
                        break;
                    case "return":
                        outcome = RuleOutcome.Respond;
                        status = int.Parse(rule.Argument, CultureInfo.InvariantCulture);
                        break;
                    case "allow":
                        outcome = RuleOutcome.Allow;
                        break;
                    case "set-header":
                        tenant = [rule.Argument];
                        break;
                    case "add-header":
                        tenant.Add(rule.Argument);
                        break;
                    default:
                        tenant.Clear();
                        break;
                }
            }

            if (outcome == RuleOutcome.Respond)
            {
                break;
            }
        }

        return new(outcome, status, backend, string.Join(" | ", tenant), string.Join(' ', fired));
    }

    /// <summary>The same as <see cref="Evaluate"/>, by the compiled rules.</summary>
    public static RefResult Run(CompiledRules rules, RefRequest request)
    {
        var exchange = new TestExchange(url: request.Path) { ClientAddress = IPAddress.Parse(request.Client) };
        if (request.Host is not null)
        {
            exchange.RequestHeaders.AddValue("Host", request.Host);
        }

        foreach (var line in request.Tenant)
        {
            exchange.RequestHeaders.AddValue("X-T", line);
        }

        var trace = new RuleTrace();
        var session = new RuleSession(exchange, trace);
        var outcome = rules.Run(RulePhase.HttpRequest, session);
        var tenant = exchange.RequestHeaders.All().Where(f => f.Key == "X-T").Select(f => f.Value);
        var fired = trace.Entries.Where(e => e.Kind == TraceEntryKind.RuleFired).Select(e => e.Line.ToString(CultureInfo.InvariantCulture));
        return new(outcome, session.Response?.StatusCode, session.Backend, string.Join(" | ", tenant), string.Join(' ', fired));
    }

    private static string RuleText(RefRule rule)
    {
        var action = rule.Action switch
        {
            "use-backend" => $"use-backend {rule.Argument}",
            "return" => $"return status {rule.Argument}",
            "allow" => "allow",
            "del-header" => "del-header X-T",
            _ => $"{rule.Action} X-T {rule.Argument}",
        };

        if (rule.Alternatives is null)
        {
            return "http-request " + action;
        }

        var condition = string.Join(" || ", rule.Alternatives.Select(terms => string.Join(' ', terms.Select(t =>
            (t.Negated ? "! " : "") + (t.Acl is { } acl ? $"a{acl}" : "{ " + t.Anonymous!.Text + " }")))));
        return $"http-request {action} {(rule.Unless ? "unless" : "if")} {condition}";
    }

    private bool Holds(RefTerm[][] alternatives, RefRequest request, List<string> tenant) =>
        alternatives.Any(terms => terms.All(t => (t.Acl is { } acl ? Acls[acl].Any(c => Matches(c, request, tenant)) : Matches(t.Anonymous!, request, tenant)) != t.Negated));

    private static bool Matches(RefCriterion criterion, RefRequest request, List<string> tenant)
    {
        if (criterion.Fetch == "src")
        {
            return ReferenceMatcher.MatchesAddress(criterion.Patterns.Select(ReferenceMatcher.Network), IPAddress.Parse(request.Client));
        }

        IEnumerable<string> values = criterion.Fetch switch
        {
            "path" => [request.Path],
            "hdr(x-t)" => ReferenceMatcher.ListValues(tenant),
            _ => request.Host is null ? [] : [request.Host],
        };

        return values.Any(v => ReferenceMatcher.MatchesText(criterion.Method, criterion.IgnoreCase, criterion.Patterns, v));
    }
}
