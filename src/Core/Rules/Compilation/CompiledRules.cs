using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Rules.Compilation;

/// <summary>The compiled rules of one scope (a listener, a route or a cluster), ready to run on any number of requests at once.</summary>
public sealed class CompiledRules
{
    internal CompiledRules(string scope, RuleSet syntax, CompiledPhase? connection, CompiledPhase? request, CompiledPhase? response)
    {
        Scope = scope;
        Syntax = syntax;
        Connection = connection;
        Request = request;
        Response = response;
    }

    public static CompiledRules Empty { get; } = new("", RuleSet.Empty, null, null, null);

    /// <summary>e.g. <c>listener web</c>, <c>route api</c>.</summary>
    public string Scope { get; }

    public RuleSet Syntax { get; }

    public bool HasConnectionRules => Connection is not null;

    public bool HasRequestRules => Request is not null || Switching is not null;

    public bool HasResponseRules => Response is not null;

    /// <summary>How many rules are evaluated through index lookups rather than one by one (for tests and diagnostics).</summary>
    public int IndexedRuleCount => (Request?.IndexedRuleCount ?? 0) + (Switching?.IndexedRuleCount ?? 0) + (Response?.IndexedRuleCount ?? 0) + (Connection?.IndexedRuleCount ?? 0);

    internal CompiledPhase? Connection { get; }

    internal CompiledPhase? Request { get; }

    internal CompiledPhase? Response { get; }

    /// <summary>The scope's use-backend rules, run after its other http-request rules (even after an <c>allow</c>), as HAProxy runs use_backend.</summary>
    internal CompiledPhase? Switching { get; init; }

    /// <summary>Every rule of the scope with how often it fired, in phase and line order.</summary>
    public IReadOnlyList<RuleHitCount> Hits()
    {
        var hits = new List<RuleHitCount>();
        foreach (var (phase, rules) in Phases())
        {
            foreach (var rule in rules.Rules)
            {
                hits.Add(new RuleHitCount(phase, rule.Line, rule.Text, rule.Hits.Count, rule.Hits.Since));
            }
        }

        hits.Sort((a, b) => a.Line.CompareTo(b.Line));
        return hits;
    }

    /// <summary>
    /// Each rule that <paramref name="previous"/> also has (same phase, same text) keeps counting on its counter;
    /// the others start at zero from <paramref name="version"/>.
    /// </summary>
    internal void AdoptHits(CompiledRules? previous, string version)
    {
        var old = new Dictionary<(string, string), Queue<RuleHits>>();
        if (previous is not null)
        {
            foreach (var (phase, rules) in previous.Phases())
            {
                foreach (var rule in rules.Rules)
                {
                    if (!old.TryGetValue((phase, rule.Text), out var queue))
                    {
                        old[(phase, rule.Text)] = queue = new Queue<RuleHits>();
                    }

                    queue.Enqueue(rule.Hits);
                }
            }
        }

        foreach (var (phase, rules) in Phases())
        {
            foreach (var rule in rules.Rules)
            {
                if (rule.Hits.Since is not null)
                {
                    continue; // already live (the same snapshot published twice)
                }

                if (old.TryGetValue((phase, rule.Text), out var queue) && queue.TryDequeue(out var kept))
                {
                    rule.Hits = kept;
                }
                else
                {
                    rule.Hits.Since = version;
                }
            }
        }
    }

    private IEnumerable<(string Phase, CompiledPhase Rules)> Phases()
    {
        if (Connection is not null)
        {
            yield return ("tcp-request connection", Connection);
        }

        if (Request is not null)
        {
            yield return ("http-request", Request);
        }

        if (Switching is not null)
        {
            yield return ("http-request", Switching);
        }

        if (Response is not null)
        {
            yield return ("http-response", Response);
        }
    }

    public RuleOutcome Run(RulePhase phase, RuleSession session) => Run(phase, session, 0);

    /// <summary>
    /// Goes on with the phase's rules after the checkpoint that answered <see cref="RuleOutcome.Wait"/>, once the
    /// request has waited its turn there.
    /// </summary>
    public RuleOutcome Resume(RulePhase phase, RuleSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.PendingWait is null)
        {
            throw new InvalidOperationException("Resume follows a Wait outcome only.");
        }

        session.PendingWait = null;
        return Run(phase, session, session.ResumeAt);
    }

    private RuleOutcome Run(RulePhase phase, RuleSession session, int from)
    {
        ArgumentNullException.ThrowIfNull(session);
        var rules = phase switch
        {
            RulePhase.TcpConnection => Connection,
            RulePhase.HttpRequest => Request,
            _ => Response,
        };

        session.Scope = Scope;
        var previous = RuleRegex.EnterBudget(session.RegexBudgetTicks);
        try
        {
            var outcome = rules?.Run(session, from) ?? RuleOutcome.Continue;
            if (phase == RulePhase.HttpRequest && Switching is not null && outcome is not (RuleOutcome.Respond or RuleOutcome.Wait))
            {
                Switching.Run(session);
            }

            return outcome;
        }
        catch (RuleRegexTimeoutException)
        {
            // Fail closed: a rule that could not decide in time must not let the request through.
            session.RegexTimedOut = true;
            session.Response = phase switch
            {
                RulePhase.TcpConnection => new RuleResponse(RuleResponseKind.Reject, 0),
                RulePhase.HttpRequest => new RuleResponse(RuleResponseKind.Deny, 403),
                _ => new RuleResponse(RuleResponseKind.Deny, 502),
            };
            return RuleOutcome.Respond;
        }
        finally
        {
            session.RegexBudgetTicks = RuleRegex.LeaveBudget(previous);
        }
    }
}
