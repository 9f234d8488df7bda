using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Core.Configuration;

/// <summary>
/// The one grammar of durations, wherever a person writes one (appsettings, the canonical JSON and YAML, the
/// admin API, the admin pages): a bare number is seconds (<c>30</c>, <c>1.5</c>); a number with a unit is
/// written as HAProxy writes it (<c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>; <c>us</c> too), and
/// units may follow one another (<c>1m40s</c>); or a clock, <c>hh:mm:ss[.fff]</c>, with <c>d.</c> in front for
/// days (<c>1.00:00:00</c>).
/// </summary>
/// <remarks>
/// The canonical form, what exports and revisions hold, is the clock (<see cref="Format"/>): it is what every stored
/// revision already holds, so old revisions read, export and diff exactly as before.
/// </remarks>
public static partial class DurationText
{
    /// <summary>How to write a duration, for messages and help texts.</summary>
    public const string Grammar = "seconds (30), a number with a unit (500ms, 10s, 5m, 2h, 1d) or hh:mm:ss (00:01:40)";

    /// <summary>Reads a duration in the grammar above; <paramref name="error"/> says what is wrong in words a person can act on.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        error = "";
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = $"A duration is empty; write {Grammar}.";
            return false;
        }

        if (trimmed.StartsWith('-'))
        {
            error = $"'{trimmed}' is negative; a duration is zero or more.";
            return false;
        }

        var ticks = trimmed.Contains(':', StringComparison.Ordinal) ? Clock(trimmed)
            : decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) ? Ticks(seconds, TimeSpan.TicksPerSecond)
            : WithUnits(trimmed);
        if (ticks is null)
        {
            error = $"'{trimmed}' is not a duration; write {Grammar}.";
            return false;
        }

        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            error = $"'{trimmed}' is too long for a duration.";
            return false;
        }

        value = TimeSpan.FromTicks((long)decimal.Round(ticks.Value));
        return true;
    }

    /// <summary>
    /// The canonical text: <c>hh:mm:ss</c>, <c>d.hh:mm:ss</c> past a day, and a seven-digit fraction when there is one
    /// (.NET's constant format, the form every stored revision holds).
    /// </summary>
    public static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>The duration in words, to say what was understood: <c>30 days</c>, <c>1 minute 40 seconds</c>, <c>500 ms</c>.</summary>
    public static string Describe(TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1))
        {
            return $"{value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)} ms";
        }

        var parts = new List<string>(4);
        Add(parts, value.Days, "day");
        Add(parts, value.Hours, "hour");
        Add(parts, value.Minutes, "minute");
        var seconds = value.Seconds + (value.Ticks % TimeSpan.TicksPerSecond / (double)TimeSpan.TicksPerSecond);
        if (seconds > 0)
        {
            parts.Add(seconds == 1 ? "1 second" : $"{seconds.ToString("0.###", CultureInfo.InvariantCulture)} seconds");
        }

        return string.Join(' ', parts);
    }

    /// <summary>
    /// "found 30 days — did you mean 30s?": what was understood, and, when the same number in seconds would have fit
    /// the field's range, the likely intent (a number typed where seconds were meant but read in a larger unit).
    /// </summary>
    public static string Found(TimeSpan value, TimeSpan max, TimeSpan? min = null)
    {
        var found = new StringBuilder($"found {Describe(value)}");
        if (value > max)
        {
            foreach (var unit in (ReadOnlySpan<TimeSpan>)[TimeSpan.FromDays(1), TimeSpan.FromHours(1), TimeSpan.FromMinutes(1)])
            {
                if (value.Ticks % unit.Ticks == 0)
                {
                    var count = value.Ticks / unit.Ticks;
                    var seconds = TimeSpan.FromSeconds(count);
                    if (seconds <= max && seconds > (min ?? TimeSpan.Zero))
                    {
                        found.Append(CultureInfo.InvariantCulture, $" — did you mean {count}s?");
                    }

                    break;
                }
            }
        }

        return found.ToString();
    }

    private static void Add(List<string> parts, int count, string unit)
    {
        if (count > 0)
        {
            parts.Add(count == 1 ? $"1 {unit}" : $"{count} {unit}s");
        }
    }

    // Past TimeSpan's range the exact figure no longer matters, only that it is too long (and decimal must not overflow).
    private static decimal Ticks(decimal count, long unit) =>
        count > (decimal)TimeSpan.MaxValue.Ticks / unit ? (decimal)TimeSpan.MaxValue.Ticks + 1 : count * unit;

    private static decimal? Clock(string text)
    {
        var match = ClockPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var days = match.Groups["d"].Success ? decimal.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture) : 0;
        var hours = decimal.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minutes = decimal.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var seconds = decimal.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
        if (minutes >= 60 || seconds >= 60 || (match.Groups["d"].Success && hours >= 24))
        {
            return null;
        }

        var fraction = match.Groups["f"].Success ? decimal.Parse("0." + match.Groups["f"].Value, CultureInfo.InvariantCulture) : 0;
        return (((((days * 24) + hours) * 60) + minutes) * 60 + seconds + fraction) * TimeSpan.TicksPerSecond;
    }

    private static decimal? WithUnits(string text)
    {
        var matches = UnitPattern().Matches(text);
        if (matches.Count == 0 || matches.Sum(m => m.Length) != text.Length)
        {
            return null;
        }

        decimal ticks = 0;
        foreach (Match match in matches)
        {
            var number = decimal.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            ticks += Ticks(number, match.Groups["u"].Value switch
            {
                "us" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => TimeSpan.TicksPerDay,
            });
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return ticks;
            }
        }

        return ticks;
    }

    [GeneratedRegex(@"^(?:(?<d>\d{1,8})\.)?(?<h>\d{1,8}):(?<m>\d{1,2}):(?<s>\d{1,2})(?:\.(?<f>\d{1,7}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ClockPattern();

    // Units as HAProxy writes them; "ms" and "us" before "m" and "s" so the longer name wins.
    [GeneratedRegex(@"\G(?<n>\d{1,12}(?:\.\d{1,9})?)(?<u>us|ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex UnitPattern();
}
