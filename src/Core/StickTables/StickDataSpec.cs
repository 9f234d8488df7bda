namespace Gateway.Core.StickTables;

/// <summary>One stored data type of a table, with its period when it is a rate: <c>http_req_rate(10s)</c>.</summary>
public readonly record struct StickDataSpec(StickDataType Type, TimeSpan Period)
{
    /// <summary>Reads <c>conn_cur</c> or <c>http_req_rate(10s)</c>.</summary>
    /// <param name="error">Why the text is not a data type, in words a person can act on.</param>
    public static bool TryParse(string text, out StickDataSpec spec, out string? error)
    {
        spec = default;
        error = null;
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var name = open < 0 ? text : text[..open];
        if (!StickDataTypes.TryParse(name, out var type))
        {
            error = $"'{name}' is not a stick-table data type; use one of {string.Join(", ", StickDataTypes.AllNames)}.";
            return false;
        }

        if (!StickDataTypes.IsRate(type))
        {
            if (open >= 0)
            {
                error = $"'{name}' is a counter and takes no period; write it without parentheses.";
                return false;
            }

            spec = new(type, TimeSpan.Zero);
            return true;
        }

        if (open < 0 || !text.EndsWith(')'))
        {
            error = $"'{name}' is a rate and needs its period, e.g. {name}(10s).";
            return false;
        }

        var periodText = text[(open + 1)..^1];
        if (!HaproxyTime.TryParse(periodText, out var period))
        {
            error = $"'{periodText}' is not a period; write a number with a unit (ms, s, m, h, d), e.g. {name}(10s).";
            return false;
        }

        if (period.TotalMilliseconds < 1 || period > TimeSpan.FromDays(24))
        {
            error = $"The period of {name} must be from 1ms to 24d; found '{periodText}'.";
            return false;
        }

        spec = new(type, period);
        return true;
    }

    public override string ToString() =>
        StickDataTypes.IsRate(Type) ? $"{StickDataTypes.Name(Type)}({HaproxyTime.Format(Period)})" : StickDataTypes.Name(Type);
}
