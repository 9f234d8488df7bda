using System.Text;
using Gateway.Core.Rules.Matching;
using Gateway.Core.Rules.Primitives;

namespace Gateway.Core.Rules.Runtime;

/// <summary>One criterion of an ACL: a sample, and a matcher built from the patterns.</summary>
internal sealed class CompiledCriterion(CompiledSample sample, SampleMatcher matcher, string text)
{
    public CompiledSample Sample { get; } = sample;

    public string Text { get; } = text;

    /// <summary>Whether any value of the sample matches (each header value, each cookie of that name…).</summary>
    public bool Matches(RuleSession session)
    {
        for (var i = 0; ; i++)
        {
            switch (Sample.Evaluate(session, i, out var value))
            {
                case SampleStatus.Absent:
                    return false;
                case SampleStatus.Value when matcher.Match(value):
                    return true;
                default:
                    if (!Sample.MultiValued)
                    {
                        return false;
                    }

                    break;
            }
        }
    }

    /// <summary>The values the sample had, for a trace: <c>path = "/api/x"</c>.</summary>
    public string DescribeValues(RuleSession session)
    {
        var text = new StringBuilder(Sample.Text).Append(" = ");
        var any = false;
        for (var i = 0; i < 8; i++)
        {
            var status = Sample.Evaluate(session, i, out var value);
            if (status == SampleStatus.Absent)
            {
                break;
            }

            text.Append(any ? ", " : "").Append(status == SampleStatus.Value ? $"\"{value}\"" : "(conversion failed)");
            any = true;
            if (!Sample.MultiValued)
            {
                break;
            }
        }

        return any ? text.ToString() : Sample.Text + " has no value";
    }
}

/// <summary>A named or anonymous ACL: true when any of its criteria matches.</summary>
internal sealed class CompiledAcl(string name, CompiledCriterion[] criteria)
{
    public string Name { get; } = name;

    public CompiledCriterion[] Criteria { get; } = criteria;

    public bool Evaluate(RuleSession session)
    {
        foreach (var criterion in Criteria)
        {
            if (criterion.Matches(session))
            {
                session.Trace?.Acl(session.Scope, Name, true, criterion.DescribeValues(session));
                return true;
            }
        }

        session.Trace?.Acl(session.Scope, Name, false, string.Join("; ", Criteria.Select(c => c.DescribeValues(session))));
        return false;
    }
}

/// <summary>
/// <c>if</c>/<c>unless</c> over alternatives of ANDed terms. Terms are evaluated left to right and
/// stop early, as in HAProxy, so a trace lists only the ACLs that were needed.
/// </summary>
internal sealed class CompiledCondition(bool unless, (bool Negated, CompiledAcl Acl)[][] alternatives)
{
    public bool Unless { get; } = unless;

    public (bool Negated, CompiledAcl Acl)[][] Alternatives { get; } = alternatives;

    public bool Evaluate(RuleSession session)
    {
        var result = false;
        foreach (var terms in Alternatives)
        {
            var all = true;
            foreach (var (negated, acl) in terms)
            {
                if (acl.Evaluate(session) == negated)
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                result = true;
                break;
            }
        }

        return result != Unless;
    }
}
