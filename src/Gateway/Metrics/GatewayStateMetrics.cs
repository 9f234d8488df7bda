using System.Diagnostics.Metrics;
using System.Globalization;
using Gateway.Connections;
using Gateway.Health;
using Gateway.Model;
using Gateway.Status;
using Microsoft.Extensions.Hosting;

namespace Gateway.Metrics;

/// <summary>
/// The gateway's state as observable instruments (meter <c>Gateway.State</c>): the revision in force and
/// its age, connections active and waiting per listener, requests queued per cluster, each server's
/// health, requests in flight and passive-health ejections, and stick-table sizes. Read only when an
/// exporter collects (a scrape, an OTLP push): nothing on the request path. Labels are configuration ids,
/// so the number of series follows the configuration.
/// </summary>
internal sealed class GatewayStateMetrics : IHostedService, IDisposable
{
    public const string MeterName = "Gateway.State";

    /// <summary>A bound on the rule-hit series, whatever the size of the rules.</summary>
    public const int MaxRuleSeries = 2000;

    private readonly Meter _meter;
    private readonly SnapshotHolder _snapshots;
    private readonly IServerStatusTable _servers;
    private readonly ConnectionCounters _connections;
    private readonly TimeProvider _time;

    public GatewayStateMetrics(IMeterFactory meters, SnapshotHolder snapshots, IServerStatusTable servers, ConnectionCounters connections, TimeProvider time)
    {
        _snapshots = snapshots;
        _servers = servers;
        _connections = connections;
        _time = time;
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("gateway.config.revision", ObserveRevision,
            description: "The configuration revision in force (the admin store's revision number; for other sources, the number in its version).");
        _meter.CreateObservableGauge("gateway.config.generation", () => _snapshots.Current.Generation,
            description: "Snapshots built by this process so far; it moves on every apply, whatever the source.");
        _meter.CreateObservableGauge("gateway.config.age", () => Math.Max(0, (_time.GetUtcNow() - _snapshots.Current.CreatedAt).TotalSeconds), unit: "s",
            description: "How long the configuration in force has been in force.");
        _meter.CreateObservableUpDownCounter("gateway.listener.connections.active", () => PerListener(_connections.Active),
            description: "Connections open on each listener.");
        _meter.CreateObservableUpDownCounter("gateway.listener.connections.waiting", () => PerListener(_connections.Waiting),
            description: "Connections waiting for a place below the listener's connection limit.");
        _meter.CreateObservableUpDownCounter("gateway.cluster.requests.queued", ObserveQueued,
            description: "Requests waiting in each cluster's queue for a server below its connection limit.");
        _meter.CreateObservableGauge("gateway.server.up", ObserveUp,
            description: "1 when the server may take traffic by its checks and passive health (up or not checked, not ejected), else 0.");
        _meter.CreateObservableUpDownCounter("gateway.server.requests.in_flight", ObserveInFlight,
            description: "Requests (TCP mode: connections) forwarded to each server and not yet finished.");
        _meter.CreateObservableCounter("gateway.server.ejections", ObserveEjections,
            description: "Times passive health took each server out of selection, since it joined the configuration.");
        _meter.CreateObservableCounter("gateway.rule.hits", ObserveRuleHits,
            description: $"How often each rule fired (scope, line, and the revision its count started at); rules that never fired are left out, and at most {MaxRuleSeries} rules are reported.");
        _meter.CreateObservableUpDownCounter("gateway.stick_table.entries", ObserveStickTables,
            description: "Entries in each stick table.");
    }

    /// <summary>The trailing number of a snapshot's version: <c>revision 12</c> → 12, <c>Gateway #3</c> → 3; 0 when it has none.</summary>
    public static long RevisionNumber(string version)
    {
        var end = version.Length;
        var start = end;
        while (start > 0 && char.IsAsciiDigit(version[start - 1]))
        {
            start--;
        }

        return start < end && long.TryParse(version.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0;
    }

    /// <summary>A hosted service only so that the host builds it, and its instruments exist, at start.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _meter.Dispose();

    private long ObserveRevision() => RevisionNumber(_snapshots.Current.Version);

    private IEnumerable<Measurement<int>> PerListener(Func<string, int> value)
    {
        foreach (var listener in _snapshots.Current.Config.Listeners)
        {
            yield return new Measurement<int>(value(listener.Id), new KeyValuePair<string, object?>("listener", listener.Id));
        }
    }

    private IEnumerable<Measurement<int>> ObserveQueued()
    {
        foreach (var cluster in _servers.GetClusters())
        {
            yield return new Measurement<int>(cluster.Queued, new KeyValuePair<string, object?>("cluster", cluster.Id));
        }
    }

    private IEnumerable<Measurement<int>> ObserveUp() => PerServer(server =>
        server.Health.Status != ServerHealthStatus.Down && server.PassiveHealth.EjectedUntil is null && server.MarkedDownUntil is null ? 1 : 0);

    private IEnumerable<Measurement<int>> ObserveInFlight() => PerServer(server => server.RequestsInFlight);

    private IEnumerable<Measurement<long>> ObserveEjections()
    {
        foreach (var cluster in _servers.GetClusters())
        {
            foreach (var server in cluster.Servers)
            {
                yield return new Measurement<long>(server.PassiveHealth.Ejections, ServerTags(cluster.Id, server.Id));
            }
        }
    }

    private IEnumerable<Measurement<int>> PerServer(Func<ServerStatus, int> value)
    {
        foreach (var cluster in _servers.GetClusters())
        {
            foreach (var server in cluster.Servers)
            {
                yield return new Measurement<int>(value(server), ServerTags(cluster.Id, server.Id));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveRuleHits()
    {
        var reported = 0;
        foreach (var (kind, id, rules) in _snapshots.Current.Rules.Scopes())
        {
            foreach (var hit in rules.Hits())
            {
                if (hit.Count == 0)
                {
                    continue;
                }

                if (++reported > MaxRuleSeries)
                {
                    yield break;
                }

                yield return new Measurement<long>(hit.Count,
                    new KeyValuePair<string, object?>("scope", $"{kind} {id}"),
                    new KeyValuePair<string, object?>("line", hit.Line),
                    new KeyValuePair<string, object?>("since", hit.Since ?? ""));
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveStickTables()
    {
        foreach (var table in _snapshots.Current.StickTables.Tables)
        {
            yield return new Measurement<int>(table.Count, new KeyValuePair<string, object?>("table", table.Schema.Id));
        }
    }

    private static KeyValuePair<string, object?>[] ServerTags(string cluster, string server) =>
        [new("cluster", cluster), new("server", server)];
}
