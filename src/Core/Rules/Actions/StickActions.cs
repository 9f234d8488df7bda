using System.Globalization;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.StickTables;

namespace Gateway.Core.Rules.Actions;

/// <summary>
/// <c>track-sc0</c>, <c>track-sc1</c>, <c>track-sc2</c> <c>&lt;key&gt; table &lt;table&gt;</c>: the
/// request (or connection) is counted in the key's entry, and the <c>sc*</c> fetches read that entry
/// until it ends. A counter already tracked (by the connection or an earlier rule) stays as it is.
/// </summary>
internal sealed class TrackAction(int counter, string tableId, StickKeyType keyType, CompiledSample key, bool httpRequest) : RuleAction
{
    public static IRuleActionFactory TrackSc0 { get; } = Factory(0);

    public static IRuleActionFactory TrackSc1 { get; } = Factory(1);

    public static IRuleActionFactory TrackSc2 { get; } = Factory(2);

    private static ActionFactory Factory(int counter) => new(
        new($"track-sc{counter}", [RulePhase.TcpConnection, RulePhase.HttpRequest], 1, 1, $"track-sc{counter} <key> table <table>", false, new OptionSyntax("table", 1)),
        (call, context) => Build(counter, call, context));

    private static TrackAction Build(int counter, ActionCall call, IActionBuildContext context)
    {
        var tableArgument = call.OptionArgument("table")
            ?? throw new RuleCompileException($"track-sc{counter} needs the table to count in: track-sc{counter} <key> table <table>.", call.Position, call.Name, "table <table>");
        var schema = context.StickTable(tableArgument);
        var key = call.Arguments[0];
        var sample = context.Sample(key);
        var keyType = schema?.KeyType ?? StickKeyType.Text;
        if (schema is not null && context.FetchType(key) is { } type && !Fits(type, keyType))
        {
            throw new RuleCompileException(
                $"Table '{schema.Id}' is keyed by {StickTablesNames.Describe(keyType)}, and {key.Text} gives {Describe(type)}; track a fetch of that type or use a table of another type.",
                key.Position,
                key.Text,
                $"a fetch giving {StickTablesNames.Describe(keyType)}");
        }

        return new TrackAction(counter, schema?.Id ?? tableArgument.Text, keyType, sample, context.Phase == RulePhase.HttpRequest);
    }

    /// <summary>Which fetch types a key type takes; text is read as an address or a number, as HAProxy casts it.</summary>
    private static bool Fits(SampleType type, StickKeyType keyType) => keyType switch
    {
        StickKeyType.Address => type is SampleType.Address or SampleType.Text,
        StickKeyType.Number => type is SampleType.Number or SampleType.Boolean or SampleType.Text,
        _ => true,
    };

    private static string Describe(SampleType type) => type switch
    {
        SampleType.Address => "an address",
        SampleType.Number => "an integer",
        SampleType.Boolean => "a boolean",
        _ => "text",
    };

    /// <summary>What the sc* fetches read changes once a counter is tracked.</summary>
    public override bool ChangesSamples => true;

    public override RuleOutcome Execute(RuleSession session)
    {
        if (session.StickTables?.Find(tableId) is not { } table || table.Schema.KeyType != keyType)
        {
            Describe(session, "no live table; nothing counted");
            return RuleOutcome.Continue;
        }

        if (!key.TryEvaluateLast(session, out var value) || !TryKey(value, keyType, out var stickKey))
        {
            Describe(session, $"{key.Text} has no value usable as a key; not tracked");
            return RuleOutcome.Continue;
        }

        var tracking = session.Tracking ??= new StickTracking();
        var tracked = tracking.Track(counter, table, stickKey, httpRequest);
        Describe(session, tracked ? $"sc{counter} tracks {stickKey.Format(keyType)} in {tableId}" : $"sc{counter} was already tracked (or the table is full of tracked entries)");
        return RuleOutcome.Continue;
    }

    /// <summary>A sample as a key of the table's type; false when it cannot be one (text that is not an address, for an ip table).</summary>
    internal static bool TryKey(in Sample sample, StickKeyType type, out StickKey key)
    {
        key = default;
        switch (type)
        {
            case StickKeyType.Address:
                if (!sample.TryGetAddress(out var address) || address is null)
                {
                    return false;
                }

                key = StickKey.FromAddress(address);
                return true;
            case StickKeyType.Number:
                if (sample.Type is SampleType.Number or SampleType.Boolean)
                {
                    key = StickKey.FromInteger(sample.Number);
                    return true;
                }

                if (long.TryParse(sample.Text.Span.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    key = StickKey.FromInteger(number);
                    return true;
                }

                return false;
            default:
                key = StickKey.FromText(sample.AsText().Span);
                return true;
        }
    }
}

/// <summary><c>sc-inc-gpc0(&lt;counter&gt;)</c> and <c>sc-set-gpt0(&lt;counter&gt;) &lt;integer&gt;</c>: change a tracked entry's general-purpose counter or tag.</summary>
internal sealed class StickCounterAction(int counter, long? gpt0) : RuleAction
{
    public static IRuleActionFactory IncGpc0 { get; } = new ActionFactory(
        new("sc-inc-gpc0", [RulePhase.TcpConnection, RulePhase.HttpRequest, RulePhase.HttpResponse], 0, 0, "sc-inc-gpc0(<0-2>)", HasParameter: true),
        (call, _) => new StickCounterAction(Counter(call), null));

    public static IRuleActionFactory SetGpt0 { get; } = new ActionFactory(
        new("sc-set-gpt0", [RulePhase.TcpConnection, RulePhase.HttpRequest, RulePhase.HttpResponse], 1, 1, "sc-set-gpt0(<0-2>) <integer>", HasParameter: true),
        (call, _) => new StickCounterAction(Counter(call), long.TryParse(call.Arguments[0].Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new RuleCompileException($"sc-set-gpt0 sets an integer; found '{call.Arguments[0].Text}'.", call.Arguments[0].Position, call.Arguments[0].Text, "an integer")));

    /// <summary>The tracked counter in parentheses: 0, 1 or 2.</summary>
    internal static int Counter(ActionCall call) =>
        call.Parameter is "0" or "1" or "2"
            ? call.Parameter[0] - '0'
            : throw new RuleCompileException($"{call.Name} names a tracked counter from 0 to {StickTracking.Counters - 1}; found '{call.Parameter}'.", call.Position, call.Parameter, "0, 1 or 2");

    public override bool ChangesSamples => true;

    public override RuleOutcome Execute(RuleSession session)
    {
        if (session.Tracking is not { } tracking || !tracking.IsTracked(counter))
        {
            Describe(session, $"sc{counter} is not tracked; nothing changed");
            return RuleOutcome.Continue;
        }

        if (gpt0 is { } value)
        {
            tracking.SetGpt0(counter, value);
            Describe(session, $"sc{counter} gpt0 = {value}");
        }
        else
        {
            Describe(session, $"sc{counter} gpc0 = {tracking.IncrementGpc0(counter)}");
        }

        return RuleOutcome.Continue;
    }
}

/// <summary>Words for key types in error messages.</summary>
internal static class StickTablesNames
{
    public static string Describe(StickKeyType type) => type switch
    {
        StickKeyType.Address => "IP address",
        StickKeyType.Number => "integer",
        StickKeyType.Text => "string",
        _ => "binary",
    };
}
