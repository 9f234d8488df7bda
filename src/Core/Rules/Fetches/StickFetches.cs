using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.StickTables;

namespace Gateway.Core.Rules.Fetches;

/// <summary>
/// The stick-table fetches, in HAProxy's forms: <c>sc_http_req_rate(0)</c> and <c>sc0_http_req_rate</c>
/// read an entry the request or its connection tracks (0 when nothing is tracked);
/// <c>src_http_req_rate(table)</c> looks the client's address up in a table (0 without an entry);
/// <c>sc_tracked(0)</c>, <c>table_cnt(table)</c>. A data type the table does not keep gives no value.
/// </summary>
internal static class StickFetches
{
    /// <summary>Each readable data type by the suffix its fetches use.</summary>
    private static readonly (string Suffix, StickDataType Type)[] Reads =
    [
        ("conn_cnt", StickDataType.ConnCnt),
        ("conn_cur", StickDataType.ConnCur),
        ("conn_rate", StickDataType.ConnRate),
        ("http_req_cnt", StickDataType.HttpReqCnt),
        ("http_req_rate", StickDataType.HttpReqRate),
        ("http_err_cnt", StickDataType.HttpErrCnt),
        ("http_err_rate", StickDataType.HttpErrRate),
        ("bytes_in_rate", StickDataType.BytesInRate),
        ("bytes_out_rate", StickDataType.BytesOutRate),
        ("get_gpc0", StickDataType.Gpc0),
        ("gpc0_rate", StickDataType.Gpc0Rate),
        ("get_gpt0", StickDataType.Gpt0),
    ];

    public static IEnumerable<FetchDefinition> All()
    {
        foreach (var (suffix, type) in Reads)
        {
            yield return new($"sc_{suffix}", 1, 1, SampleType.Number, PhaseSet.All, false, args => Tracked(Counter(args[0]), type));
            for (var counter = 0; counter < StickTracking.Counters; counter++)
            {
                var fixedCounter = counter;
                yield return new($"sc{counter}_{suffix}", 0, 0, SampleType.Number, PhaseSet.All, false, _ => Tracked(fixedCounter, type));
            }

            yield return new($"src_{suffix}", 1, 1, SampleType.Number, PhaseSet.All, false, args => BySource(args[0], type));
        }

        yield return new("sc_tracked", 1, 1, SampleType.Boolean, PhaseSet.All, false, args => IsTracked(Counter(args[0])));
        for (var counter = 0; counter < StickTracking.Counters; counter++)
        {
            var fixedCounter = counter;
            yield return new($"sc{counter}_tracked", 0, 0, SampleType.Boolean, PhaseSet.All, false, _ => IsTracked(fixedCounter));
        }

        yield return new("table_cnt", 1, 1, SampleType.Number, PhaseSet.All, false, args =>
        {
            var id = args[0];
            return (RuleSession s, int i, out Sample v) =>
            {
                var table = i == 0 ? s.StickTables?.Find(id) : null;
                v = table is null ? default : Sample.FromNumber(table.Count);
                return table is not null;
            };
        });
    }

    private static FetchFunction Tracked(int counter, StickDataType type) => (RuleSession s, int i, out Sample v) =>
    {
        var value = i != 0 ? null : s.Tracking is { } tracking ? tracking.Read(counter, type) : 0;
        v = value is { } n ? Sample.FromNumber(n) : default;
        return value.HasValue;
    };

    private static FetchFunction IsTracked(int counter) => (RuleSession s, int i, out Sample v) =>
    {
        v = Sample.FromBoolean(s.Tracking?.IsTracked(counter) == true);
        return i == 0;
    };

    private static FetchFunction BySource(string tableId, StickDataType type) => (RuleSession s, int i, out Sample v) =>
    {
        long? value = null;
        if (i == 0 && s.StickTables?.Find(tableId) is { } table && s.Exchange.ClientAddress is { } client)
        {
            value = table.Lookup(StickKey.FromAddress(client), type);
        }

        v = value is { } n ? Sample.FromNumber(n) : default;
        return value.HasValue;
    };

    private static int Counter(string text) => text[0] - '0';

    /// <summary>The data type a <c>src_*</c> stick-table fetch reads; false for other names (<c>src_port</c>).</summary>
    public static bool TryGetSourceType(string name, out StickDataType type)
    {
        foreach (var (suffix, t) in Reads)
        {
            if (name.Length == suffix.Length + 4 && name.StartsWith("src_", StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                type = t;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>Whether the fetch is one of these (so its counter argument is checked).</summary>
    public static bool IsCounterFetch(string name) => name.StartsWith("sc_", StringComparison.Ordinal) && (name == "sc_tracked" || Reads.Any(r => name == "sc_" + r.Suffix));
}
