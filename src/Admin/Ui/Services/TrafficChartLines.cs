using System.Globalization;
using System.Text;
using Gateway.TrafficHistory;

namespace Gateway.Admin.Ui.Services;

/// <summary>What a chart plots from a bucket: requests per second, 5xx per second, or the latency percentiles.</summary>
public enum ChartMeasure
{
    Requests,
    ServerErrors,
    Latency,
}

/// <summary>A configuration commit drawn on the charts as a vertical line labelled with its revision.</summary>
public sealed record ChartMarker(DateTimeOffset At, long Revision, string Title);

/// <summary>
/// The SVG geometry of one small chart: one point per 10-second bucket across the chart's width, scaled so the
/// window's peak touches the top. Drawn on the server as plain SVG (the admin pages' CSP allows no script of our own,
/// and a charting library would bring one). Rates of the bucket in progress are over the seconds it has run so far.
/// </summary>
internal sealed class TrafficChartLines
{
    public const double Width = 270;
    public const double Height = 48;
    private const double Top = 10;
    private const double Bottom = Height - 2;

    private TrafficChartLines(IReadOnlyList<string> primary, IReadOnlyList<string> secondary, double peak, double? latest, long total, IReadOnlyList<(double X, ChartMarker Marker)> markers)
    {
        Primary = primary;
        Secondary = secondary;
        Peak = peak;
        Latest = latest;
        Total = total;
        Markers = markers;
    }

    /// <summary>Polyline point lists of the main line (rates, or p99), one per run of buckets that have a value.</summary>
    public IReadOnlyList<string> Primary { get; }

    /// <summary>The p50 line of a latency chart; empty otherwise.</summary>
    public IReadOnlyList<string> Secondary { get; }

    public double Peak { get; }

    /// <summary>The most recent bucket's value (rate per second, or p99 in ms), null when it has none.</summary>
    public double? Latest { get; }

    /// <summary>Requests (or 5xx) in the whole window: what the chart is built from.</summary>
    public long Total { get; }

    public IReadOnlyList<(double X, ChartMarker Marker)> Markers { get; }

    public static TrafficChartLines For(TrafficSeries series, ChartMeasure measure, IReadOnlyList<ChartMarker> commits, DateTimeOffset now)
    {
        var count = series.Points.Count;
        var step = series.Step.TotalSeconds;
        var lastSeconds = Math.Clamp((now - (series.End - series.Step)).TotalSeconds, 1, step);
        double? Value(int i, bool secondary)
        {
            var point = series.Points[i];
            var seconds = i == count - 1 ? lastSeconds : step;
            return measure switch
            {
                ChartMeasure.Requests => point.Requests / seconds,
                ChartMeasure.ServerErrors => point.ServerErrors / seconds,
                _ => secondary ? point.P50Milliseconds : point.P99Milliseconds,
            };
        }

        var peak = 0.0;
        for (var i = 0; i < count; i++)
        {
            peak = Math.Max(peak, Value(i, false) ?? 0);
        }

        var scale = peak > 0 ? (Bottom - Top) / peak : 0;
        var dx = Width / Math.Max(1, count);
        List<string> Lines(bool secondary)
        {
            var lines = new List<string>();
            var points = new StringBuilder();
            var run = 0;
            for (var i = 0; i < count; i++)
            {
                if (Value(i, secondary) is not { } value)
                {
                    Flush(i);
                    continue;
                }

                points.Append(CultureInfo.InvariantCulture, $"{(i * dx) + (dx / 2):0.#},{Bottom - (value * scale):0.#} ");
                run++;
            }

            Flush(count);
            return lines;

            void Flush(int end)
            {
                if (run == 1)
                {
                    // A lone bucket (latency between empty ones) would be an invisible one-point line: draw it the bucket's width.
                    var y = points.ToString().Split(',')[1].TrimEnd();
                    points.Clear().Append(CultureInfo.InvariantCulture, $"{(end - 1) * dx:0.#},{y} {end * dx:0.#},{y}");
                }

                if (points.Length > 0)
                {
                    lines.Add(points.ToString().TrimEnd());
                    points.Clear();
                }

                run = 0;
            }
        }

        var total = measure == ChartMeasure.ServerErrors ? series.Points.Sum(p => p.ServerErrors) : series.Points.Sum(p => p.Requests);
        var markers = commits
            .Where(c => c.At >= series.Start && c.At <= series.End)
            .Select(c => ((c.At - series.Start).TotalSeconds / step * dx, c))
            .ToList();
        return new TrafficChartLines(Lines(false), measure == ChartMeasure.Latency ? Lines(true) : [], peak, Value(count - 1, false), total, markers);
    }

    /// <summary>Where a marker's label is anchored so it stays inside the chart near its edges.</summary>
    public static string Anchor(double x) => x < 12 ? "start" : x > Width - 12 ? "end" : "middle";

    public static string Number(double value) => value.ToString(value >= 100 ? "N0" : "0.##", CultureInfo.InvariantCulture);
}
