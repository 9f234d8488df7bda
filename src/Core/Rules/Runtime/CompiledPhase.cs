using Gateway.Core.Rules.Matching;
using Gateway.Core.Rules.Primitives;

namespace Gateway.Core.Rules.Runtime;

/// <summary>
/// A scope's rules for one phase, in order. Runs of rules whose conditions are lookups on the
/// same samples are evaluated through <see cref="RuleIndex"/>es: the candidates are found first,
/// then run in their written order, so the outcome is exactly that of evaluating every rule.
/// </summary>
internal sealed class CompiledPhase(CompiledRule[] rules, CompiledPhase.Step[] steps)
{
    public CompiledRule[] Rules { get; } = rules;

    public int IndexedRuleCount => steps.OfType<IndexedStep>().Sum(s => s.IndexedCount);

    public RuleOutcome Run(RuleSession session) => Run(session, 0);

    /// <summary>Runs the rules from position <paramref name="from"/> on (after a checkpoint the request waited at).</summary>
    public RuleOutcome Run(RuleSession session, int from)
    {
        foreach (var step in steps)
        {
            if (step.End <= from)
            {
                continue;
            }

            var outcome = step.Start >= from ? step.Run(Rules, session) : LinearStep.RunRange(Rules, session, from, step.End);
            if (outcome != RuleOutcome.Continue)
            {
                return outcome;
            }
        }

        return RuleOutcome.Continue;
    }

    internal abstract class Step(int start, int end)
    {
        public int Start { get; } = start;

        public int End { get; } = end;

        public abstract RuleOutcome Run(CompiledRule[] rules, RuleSession session);

        /// <summary>Remembers where rules go on after a checkpoint asked the request to wait.</summary>
        protected static RuleOutcome Note(RuleOutcome outcome, RuleSession session, int position)
        {
            if (outcome == RuleOutcome.Wait)
            {
                session.ResumeAt = position + 1;
            }

            return outcome;
        }
    }

    /// <summary>Rules evaluated one after the other.</summary>
    internal sealed class LinearStep(int start, int end) : Step(start, end)
    {
        public override RuleOutcome Run(CompiledRule[] rules, RuleSession session) => RunRange(rules, session, Start, End);

        /// <summary>
        /// Rules <paramref name="from"/> to <paramref name="to"/> one by one. Also resumes inside an indexed step, which
        /// gives the same outcome since indexes only find what evaluating each rule would.
        /// </summary>
        public static RuleOutcome RunRange(CompiledRule[] rules, RuleSession session, int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                var outcome = rules[i].Run(session, conditionHolds: false);
                if (outcome != RuleOutcome.Continue)
                {
                    return Note(outcome, session, i);
                }
            }

            return RuleOutcome.Continue;
        }
    }

    /// <summary>
    /// Rules <paramref name="first"/> to <paramref name="last"/>, none of which changes what a fetch
    /// reads (except possibly the last), so every condition can be decided up front.
    /// </summary>
    /// <param name="always">Positions (from <paramref name="first"/>) of rules that are not indexed and are evaluated as usual.</param>
    internal sealed class IndexedStep(int first, int last, RuleIndex[] indexes, int[] always) : Step(first, last)
    {
        public int IndexedCount => End - Start - always.Length;

        public override RuleOutcome Run(CompiledRule[] rules, RuleSession session)
        {
            var sink = new TagSink(session.CandidateBuffer);
            foreach (var index in indexes)
            {
                index.Collect(session, ref sink);
            }

            sink.Add(always);
            session.CandidateBuffer = sink.Buffer;
            var candidates = sink.Buffer.AsSpan(0, sink.Count);
            candidates.Sort();

            var next = 0;
            var previous = -1;
            foreach (var position in candidates)
            {
                if (position == previous)
                {
                    continue;
                }

                previous = position;
                if (session.Trace is not null)
                {
                    SkipNotCandidates(rules, session, next, position);
                }

                next = position + 1;
                var outcome = rules[Start + position].Run(session, conditionHolds: Array.BinarySearch(always, position) < 0);
                if (outcome != RuleOutcome.Continue)
                {
                    return Note(outcome, session, Start + position);
                }
            }

            if (session.Trace is not null)
            {
                SkipNotCandidates(rules, session, next, End - Start);
            }

            return RuleOutcome.Continue;
        }

        private void SkipNotCandidates(CompiledRule[] rules, RuleSession session, int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                var rule = rules[Start + i];
                session.Trace!.RuleSkipped(session.Scope, rule.Line, rule.Text,
                    "condition is false: " + string.Join("; ", indexes.Select(x => DescribeSample(x.Sample, session))) + " matched none of its patterns");
            }
        }

        private static string DescribeSample(CompiledSample sample, RuleSession session) =>
            sample.TryEvaluate(session, 0, out var value) ? $"{sample.Text} = \"{value}\"" : $"{sample.Text} (no value)";
    }
}
