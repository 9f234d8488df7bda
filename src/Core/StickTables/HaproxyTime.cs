using System.Globalization;

namespace Gateway.Core.StickTables;

/// <summary>
/// HAProxy's time format as stick tables write it: a number with an optional unit
/// (<c>us</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>); no unit means milliseconds.
/// </summary>
/// <remarks>Kept here rather than in the document's duration grammar because periods live inside data type names (<c>http_req_rate(10s)</c>), written as in haproxy.cfg.</remarks>
public static class HaproxyTime
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        long? ticksPerUnit = text[digits..] switch
        {
            "us" => 10,
            "" or "ms" => TimeSpan.TicksPerMillisecond,
            "s" => TimeSpan.TicksPerSecond,
            "m" => TimeSpan.TicksPerMinute,
            "h" => TimeSpan.TicksPerHour,
            "d" => TimeSpan.TicksPerDay,
            _ => null,
        };
        if (ticksPerUnit is not { } unit || number > TimeSpan.MaxValue.Ticks / unit)
        {
            return false;
        }

        value = TimeSpan.FromTicks(number * unit);
        return true;
    }

    /// <summary>The shortest exact form: <c>10s</c>, <c>1m</c>, <c>1500ms</c>.</summary>
    public static string Format(TimeSpan value)
    {
        var ms = (long)value.TotalMilliseconds;
        if (value.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            return value.Ticks / 10 + "us";
        }

        foreach (var (unit, size) in new[] { ("d", 86_400_000L), ("h", 3_600_000L), ("m", 60_000L), ("s", 1000L) })
        {
            if (ms != 0 && ms % size == 0)
            {
                return (ms / size).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return ms.ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
