using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Checkpoints;

/// <summary>
/// Runs one scope's rules for a phase the way every traffic path must: when a <c>rate-limit</c> checkpoint holds the
/// request (<see cref="RuleOutcome.Wait"/>), the request waits in the checkpoint's queue and the rules go on after it,
/// or the request is refused with the checkpoint's answer. Stays synchronous when no checkpoint holds the request.
/// </summary>
internal static class CheckpointRunner
{
    /// <param name="checkpoints">Null for explained requests: a checkpoint is then taken as passed at once (the trace says it would wait).</param>
    /// <param name="aborted">Fires when the client goes away; its place in a queue is freed and the request is refused.</param>
    public static ValueTask<RuleOutcome> RunAsync(CompiledRules rules, RulePhase phase, RuleSession session, RateCheckpoints? checkpoints, CancellationToken aborted)
    {
        var outcome = rules.Run(phase, session);
        if (outcome != RuleOutcome.Wait)
        {
            return new ValueTask<RuleOutcome>(outcome);
        }

        if (checkpoints is null)
        {
            return new ValueTask<RuleOutcome>(PassEveryCheckpoint(rules, phase, session, outcome));
        }

        return WaitAndResumeAsync(rules, phase, session, checkpoints, aborted);
    }

    private static RuleOutcome PassEveryCheckpoint(CompiledRules rules, RulePhase phase, RuleSession session, RuleOutcome outcome)
    {
        while (outcome == RuleOutcome.Wait)
        {
            outcome = rules.Resume(phase, session);
        }

        return outcome;
    }

    private static async ValueTask<RuleOutcome> WaitAndResumeAsync(CompiledRules rules, RulePhase phase, RuleSession session, RateCheckpoints checkpoints, CancellationToken aborted)
    {
        var outcome = RuleOutcome.Wait;
        while (outcome == RuleOutcome.Wait)
        {
            var wait = session.PendingWait!;
            var verdict = await checkpoints.WaitAsync(wait, aborted).ConfigureAwait(false);
            if (verdict != CheckpointVerdict.Admitted)
            {
                // Full, timed out, or the client left (then nobody reads the answer, but the request still ends here).
                wait.Refuse(wait.MaxWait);
                return RuleOutcome.Respond;
            }

            outcome = rules.Resume(phase, session);
        }

        return outcome;
    }

    /// <summary>For callers that must not wait (explained requests): the outcome of a run that completed synchronously.</summary>
    public static RuleOutcome Completed(ValueTask<RuleOutcome> run) =>
        run.IsCompletedSuccessfully ? run.Result : throw new InvalidOperationException("An explained request never waits at a checkpoint.");
}
