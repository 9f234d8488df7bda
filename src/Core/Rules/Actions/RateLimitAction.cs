using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Rules.Actions;

/// <summary>
/// <c>rate-limit &lt;counter&gt; &lt;limit&gt; [queue &lt;n&gt; wait &lt;duration&gt;] [status 429|503]</c>: a checkpoint of
/// HAProxy's rate-shaping design. While the counter (an integer fetch, usually a tracked one such as
/// <c>sc_http_req_rate(0)</c>) is within the limit the request goes on; above it the request waits in the
/// checkpoint's queue (one per tracked entry) until the counter fits again, at most <c>queue</c> requests for at most
/// <c>wait</c>, and is refused with the status (429 unless said) and <c>Retry-After</c> when the queue is full or the
/// wait runs out. Without <c>queue</c> a request over the limit is refused at once. In <c>tcp-request connection</c>
/// rules a refused connection is closed.
/// </summary>
internal sealed partial class RateLimitAction(CompiledSample counter, int trackedCounter, long limit, int maxQueue, TimeSpan maxWait, int status, string description) : RuleAction
{
    /// <summary>The longest wait a checkpoint may ask for: a request held longer is better refused and retried.</summary>
    internal static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(5);

    private const string Usage = "rate-limit <counter> <limit> [queue <n> wait <duration>] [status 429|503]";

    public static IRuleActionFactory RateLimit { get; } = new ActionFactory(
        new("rate-limit", [RulePhase.TcpConnection, RulePhase.HttpRequest], 2, 2, Usage, false,
            new OptionSyntax("queue", 1), new OptionSyntax("wait", 1), new OptionSyntax("status", 1)),
        Build);

    /// <summary>What the request may read changes once it has waited (counters move), so indexed runs end here.</summary>
    public override bool ChangesSamples => true;

    private static RateLimitAction Build(ActionCall call, IActionBuildContext context)
    {
        var counterArgument = call.Arguments[0];
        var sample = context.Sample(counterArgument);
        if (context.FetchType(counterArgument) is { } type && type != SampleType.Number)
        {
            throw new RuleCompileException(
                $"rate-limit compares a counter, an integer such as sc_http_req_rate(0) or sc0_conn_cur; {counterArgument.Text} is not one.",
                counterArgument.Position, counterArgument.Text, "an integer counter fetch");
        }

        var limitArgument = call.Arguments[1];
        if (!long.TryParse(limitArgument.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit) || limit < 0)
        {
            throw new RuleCompileException($"A rate-limit's limit is a whole number, 0 or more; found '{limitArgument.Text}'.", limitArgument.Position, limitArgument.Text, "an integer of 0 or more");
        }

        var queueArgument = call.OptionArgument("queue");
        var waitArgument = call.OptionArgument("wait");
        var queue = 0;
        if (queueArgument is not null)
        {
            queue = int.TryParse(queueArgument.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var q) && q > 0
                ? q
                : throw new RuleCompileException($"queue is how many requests may wait, 1 or more; found '{queueArgument.Text}'.", queueArgument.Position, queueArgument.Text, "an integer of 1 or more");
            if (waitArgument is null)
            {
                throw new RuleCompileException("A queue needs the longest wait in it: queue <n> wait <duration>.", queueArgument.Position, "queue", "queue <n> wait <duration>");
            }
        }

        var wait = TimeSpan.Zero;
        if (waitArgument is not null)
        {
            if (queueArgument is null)
            {
                throw new RuleCompileException("wait is how long a request may stay in the queue; give the queue too: queue <n> wait <duration>.", waitArgument.Position, "wait", "queue <n> wait <duration>");
            }

            if (!DurationText.TryParse(waitArgument.Text, out wait, out var error))
            {
                throw new RuleCompileException(error, waitArgument.Position, waitArgument.Text, "a duration");
            }

            if (wait <= TimeSpan.Zero || wait > LongestWait)
            {
                throw new RuleCompileException($"A checkpoint's wait is more than 0 and at most {DurationText.Describe(LongestWait)}; found {waitArgument.Text}.", waitArgument.Position, waitArgument.Text, "a duration from 1ms to 5m");
            }
        }

        var status = 429;
        if (call.OptionArgument("status") is { } statusArgument)
        {
            if (context.Phase == RulePhase.TcpConnection)
            {
                throw new RuleCompileException("A connection refused at a checkpoint is closed; status is for http-request rules.", statusArgument.Position, "status", "no status");
            }

            status = statusArgument.Text is "429" or "503"
                ? int.Parse(statusArgument.Text, CultureInfo.InvariantCulture)
                : throw new RuleCompileException($"A checkpoint refuses with 429 (too many requests) or 503 (unavailable); found {statusArgument.Text}.", statusArgument.Position, statusArgument.Text, "429 or 503");
        }

        return new RateLimitAction(sample, TrackedCounter(counterArgument.Text), limit, queue, wait,
            context.Phase == RulePhase.TcpConnection ? 0 : status, $"rate-limit {counterArgument.Text} {limit}");
    }

    /// <summary>The tracked counter a <c>sc_*(N)</c> or <c>scN_*</c> fetch reads (its queue is then one per entry), or -1.</summary>
    private static int TrackedCounter(string expression) =>
        TrackedCounterPattern().Match(expression) is { Success: true } match ? match.Groups["n"].Value[0] - '0' : -1;

    [GeneratedRegex(@"^sc(?:(?<n>[0-2])_[a-z0-9_]+|_[a-z0-9_]+\(\s*(?<n>[0-2])\s*[,)])")]
    private static partial Regex TrackedCounterPattern();

    public override RuleOutcome Execute(RuleSession session)
    {
        if (Read(session) is not { } current)
        {
            Describe(session, $"{counter.Text} has no value; goes on");
            return RuleOutcome.Continue;
        }

        if (current <= limit)
        {
            Describe(session, $"{counter.Text} = {current}, within {limit}");
            return RuleOutcome.Continue;
        }

        if (maxQueue == 0)
        {
            session.Response = RateLimitResponses.Refusal(status, TimeSpan.FromSeconds(1));
            Describe(session, $"{counter.Text} = {current}, over {limit}; refused");
            return RuleOutcome.Respond;
        }

        var partition = trackedCounter >= 0 ? session.Tracking?.Entry(trackedCounter) : null;
        session.PendingWait = new CheckpointWait(session, this, partition, Read, limit, maxQueue, maxWait, status, $"{session.Scope}: {description}");
        Describe(session, $"{counter.Text} = {current}, over {limit}; waits in the queue (at most {maxQueue}, {DurationText.Describe(maxWait)})");
        return RuleOutcome.Wait;
    }

    private long? Read(RuleSession session) =>
        counter.TryEvaluateLast(session, out var sample) && sample.Type is SampleType.Number or SampleType.Boolean ? sample.Number : null;
}
