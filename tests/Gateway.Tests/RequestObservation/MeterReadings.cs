using System.Diagnostics.Metrics;

namespace Gateway.Tests.RequestObservation;

/// <summary>
/// What one meter factory's instruments measure, as an exporter sees it: every measurement of its synchronous
/// instruments as it happens, and its observable instruments' values each time <see cref="Collect"/> runs. Only
/// instruments of meters made by <paramref name="scope"/> are listened to, so other hosts in the process do not count.
/// </summary>
internal sealed class MeterReadings : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<Reading> _readings = [];

    public MeterReadings(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public sealed record Reading(Instrument Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>The observable instruments' values now (cumulative, as an exporter collects them).</summary>
    public IReadOnlyList<Reading> Collect()
    {
        int start;
        lock (_readings)
        {
            start = _readings.Count;
        }

        _listener.RecordObservableInstruments();
        lock (_readings)
        {
            return _readings.Skip(start).Where(r => r.Instrument.IsObservable).ToList();
        }
    }

    /// <summary>Every measurement of the named synchronous instrument so far.</summary>
    public IReadOnlyList<Reading> Measured(string instrument)
    {
        lock (_readings)
        {
            return _readings.Where(r => !r.Instrument.IsObservable && r.Instrument.Name == instrument).ToList();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, tagValue) in tags)
        {
            copy[key] = tagValue;
        }

        lock (_readings)
        {
            _readings.Add(new Reading(instrument, value, copy));
        }
    }
}

internal static class ReadingsExtensions
{
    /// <summary>The value of the reading of <paramref name="instrument"/> whose tags are exactly <paramref name="tags"/>; null when there is none.</summary>
    public static double? Value(this IEnumerable<MeterReadings.Reading> readings, string instrument, params (string Key, object? Value)[] tags)
    {
        var matching = readings.Where(r => r.Instrument.Name == instrument && r.Tags.Count == tags.Length
            && tags.All(t => r.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value))).ToList();
        Assert.True(matching.Count <= 1, $"{matching.Count} readings of {instrument} with the same tags: an exporter would keep only one");
        return matching.Count == 0 ? null : matching[0].Value;
    }

    /// <summary>The tags listener, route, cluster, server (and code) the request metrics carry.</summary>
    public static (string, object?)[] SeriesTags(string listener, string route, string cluster, string server, string? code = null) =>
        code is null
            ? [("listener", listener), ("route", route), ("cluster", cluster), ("server", server)]
            : [("listener", listener), ("route", route), ("cluster", cluster), ("server", server), ("code", code)];
}
