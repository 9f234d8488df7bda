namespace Gateway.Core.StickTables;

/// <summary>A data type a stick table can keep per entry, by HAProxy's name.</summary>
public enum StickDataType
{
    ConnCnt,
    ConnCur,
    ConnRate,
    HttpReqCnt,
    HttpReqRate,
    HttpErrCnt,
    HttpErrRate,
    BytesInRate,
    BytesOutRate,
    Gpc0,
    Gpc0Rate,
    Gpt0,
    ServerId,
}

/// <summary>HAProxy's names for <see cref="StickDataType"/>, and which of them are rates over a period.</summary>
public static class StickDataTypes
{
    private static readonly (string Name, StickDataType Type)[] Names =
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
        ("gpc0", StickDataType.Gpc0),
        ("gpc0_rate", StickDataType.Gpc0Rate),
        ("gpt0", StickDataType.Gpt0),
        ("server_id", StickDataType.ServerId),
    ];

    public static IEnumerable<string> AllNames => Names.Select(n => n.Name);

    public static string Name(StickDataType type) => Names[(int)type].Name;

    public static bool TryParse(string name, out StickDataType type)
    {
        foreach (var (n, t) in Names)
        {
            if (n == name)
            {
                type = t;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>
    /// Whether the nodes of a shared table count the type together: the counters and rates. <c>conn_cur</c>
    /// (connections open on this node now), <c>gpt0</c> and <c>server_id</c> (values set, not counted) stay per node.
    /// </summary>
    public static bool IsShareable(StickDataType type) => type is not (StickDataType.ConnCur or StickDataType.Gpt0 or StickDataType.ServerId);

    /// <summary>Whether the type is a rate over a period, written with it: <c>http_req_rate(10s)</c>.</summary>
    public static bool IsRate(StickDataType type) => type is StickDataType.ConnRate or StickDataType.HttpReqRate or StickDataType.HttpErrRate
        or StickDataType.BytesInRate or StickDataType.BytesOutRate or StickDataType.Gpc0Rate;
}
