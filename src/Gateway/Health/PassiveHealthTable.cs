using System.Collections.Concurrent;
using System.Globalization;
using Gateway.Core.Configuration;
using Gateway.Model;
using Microsoft.Extensions.Logging;

namespace Gateway.Health;

/// <summary>
/// Passive health of HTTP servers (outlier ejection): consecutive failures of real traffic take a
/// server out of selection for a while (see <see cref="PassiveHealthConfig"/>). A server that
/// stops answering (a response timeout) is taken out at its first timeout, since each further try
/// would cost another client the whole timeout. After an ejection the server is on probation: its
/// next failure takes it out again for twice as long, its first success clears the record. Records
/// are kept by cluster and server id, so they outlive configuration swaps that keep the server.
/// </summary>
internal sealed partial class PassiveHealthTable
{
    private readonly ConcurrentDictionary<(string Cluster, string Server), Record> _records = new(ServerKeyComparer.Instance);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Whether any server has a record: read on every request, so a plain flag rather than
    // ConcurrentDictionary.IsEmpty, which takes every lock of the dictionary when it is empty.
    private volatile bool _any;

    public PassiveHealthTable(SnapshotHolder snapshots, TimeProvider time, ILogger<PassiveHealthTable> logger)
    {
        _time = time;
        _logger = logger;
        snapshots.Subscribe(Prune);
    }

    /// <summary>True while the server is out of selection. The first call after an ejection ends logs the server's return.</summary>
    public bool IsEjected(string clusterId, string serverId)
    {
        if (!_any || !_records.TryGetValue((clusterId, serverId), out var record))
        {
            return false;
        }

        lock (record)
        {
            if (record.EjectedUntil is not { } until)
            {
                return false;
            }

            if (_time.GetUtcNow() < until)
            {
                return true;
            }

            record.EjectedUntil = null;
            record.OnProbation = true;
            LogReturned(_logger, clusterId, serverId);
            return false;
        }
    }

    /// <summary>The server answered: its failure count starts over and a past ejection is forgotten.</summary>
    public void Success(string clusterId, string serverId)
    {
        if (!_any || !_records.TryGetValue((clusterId, serverId), out var record))
        {
            return;
        }

        lock (record)
        {
            if (record.EjectedUntil is null)
            {
                record.ConsecutiveFailures = 0;
                record.OnProbation = false;
                record.Ejections = 0;
            }
        }
    }

    /// <summary>
    /// Counts a failure of real traffic. <paramref name="othersAvailable"/> says whether another
    /// server of the cluster could take the traffic: the last one is never ejected (its requests
    /// would get 503 instead of a chance), which is logged.
    /// </summary>
    /// <returns>True when this failure took the server out of selection.</returns>
    public bool Failure(string clusterId, string serverId, PassiveHealthConfig config, string reason, bool timedOut, bool othersAvailable)
    {
        if (!config.Enabled)
        {
            return false;
        }

        var record = _records.GetOrAdd((clusterId, serverId), static _ => new Record());
        _any = true;
        lock (record)
        {
            record.ConsecutiveFailures++;
            record.LastFailure = reason;
            if (record.EjectedUntil is not null || (!timedOut && !record.OnProbation && record.ConsecutiveFailures < config.ConsecutiveFailures))
            {
                return false;
            }

            if (!othersAvailable)
            {
                if (!record.LastServerWarned)
                {
                    record.LastServerWarned = true;
                    LogLastServerKept(_logger, clusterId, serverId, record.ConsecutiveFailures, reason);
                }

                return false;
            }

            var duration = EjectionTime(config, record.Ejections);
            record.Ejections++;
            record.TotalEjections++;
            record.LastServerWarned = false;
            record.OnProbation = false;
            record.EjectedUntil = _time.GetUtcNow() + duration;
            LogEjected(_logger, clusterId, serverId, Seconds(duration), record.ConsecutiveFailures, reason);
            return true;
        }
    }

    /// <summary>The active health check found the server up: an ejection ends now.</summary>
    public void Reinstate(string clusterId, string serverId)
    {
        if (_records.TryGetValue((clusterId, serverId), out var record))
        {
            lock (record)
            {
                if (record.EjectedUntil is not null)
                {
                    record.EjectedUntil = null;
                    record.OnProbation = true;
                    LogReinstated(_logger, clusterId, serverId);
                }
            }
        }
    }

    /// <summary>What the status pages show of a server's passive health.</summary>
    public PassiveHealthState State(string clusterId, string serverId)
    {
        if (!_records.TryGetValue((clusterId, serverId), out var record))
        {
            return PassiveHealthState.Clean;
        }

        lock (record)
        {
            var until = record.EjectedUntil is { } u && u > _time.GetUtcNow() ? u : (DateTimeOffset?)null;
            return new PassiveHealthState(until, record.ConsecutiveFailures, record.TotalEjections, record.LastFailure);
        }
    }

    /// <summary>Ejection time doubles with each ejection in a row, up to the maximum.</summary>
    internal static TimeSpan EjectionTime(PassiveHealthConfig config, int previousEjections)
    {
        var ticks = config.EjectionTime.Ticks;
        for (var i = 0; i < previousEjections && ticks < config.MaxEjectionTime.Ticks; i++)
        {
            ticks *= 2;
        }

        return TimeSpan.FromTicks(Math.Min(ticks, config.MaxEjectionTime.Ticks));
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private void Prune(GatewaySnapshot next)
    {
        if (!_any)
        {
            return;
        }

        var servers = new HashSet<(string, string)>(ServerKeyComparer.Instance);
        foreach (var cluster in next.Config.Clusters)
        {
            if (cluster.PassiveHealth.Enabled)
            {
                foreach (var server in cluster.Servers)
                {
                    servers.Add((cluster.Id, server.Id));
                }
            }
        }

        foreach (var key in _records.Keys)
        {
            if (!servers.Contains(key))
            {
                _records.TryRemove(key, out _);
            }
        }

        _any = !_records.IsEmpty; // only on publish; a record added meanwhile sets it again
    }

    [LoggerMessage(1, LogLevel.Warning, "Server {Server} of cluster {Cluster} is out of selection for {Duration} after {Failures} failures in a row (last: {Reason}).", EventName = "ServerEjected")]
    private static partial void LogEjected(ILogger logger, string cluster, string server, string duration, int failures, string reason);

    [LoggerMessage(2, LogLevel.Information, "Server {Server} of cluster {Cluster} is back in selection after its ejection (on probation: one more failure takes it out again).", EventName = "ServerReturned")]
    private static partial void LogReturned(ILogger logger, string cluster, string server);

    [LoggerMessage(3, LogLevel.Information, "Server {Server} of cluster {Cluster} is back in selection: its active health check passed.", EventName = "ServerReinstated")]
    private static partial void LogReinstated(ILogger logger, string cluster, string server);

    [LoggerMessage(4, LogLevel.Warning, "Server {Server} of cluster {Cluster} failed {Failures} times in a row (last: {Reason}) but is the last server that can take its traffic, so it stays in selection.", EventName = "LastServerKept")]
    private static partial void LogLastServerKept(ILogger logger, string cluster, string server, int failures, string reason);

    private sealed class Record
    {
        public int ConsecutiveFailures;
        public int Ejections;
        public long TotalEjections;
        public bool OnProbation;
        public bool LastServerWarned;
        public DateTimeOffset? EjectedUntil;
        public string? LastFailure;
    }
}

/// <summary>A server's passive health as the status API shows it.</summary>
/// <param name="EjectedUntil">While set, the server is out of selection.</param>
/// <param name="ConsecutiveFailures">Failures of real traffic since its last success.</param>
/// <param name="Ejections">Times it was taken out since it joined the configuration.</param>
/// <param name="LastFailure">Why its last failed request failed.</param>
public sealed record PassiveHealthState(DateTimeOffset? EjectedUntil, int ConsecutiveFailures, long Ejections, string? LastFailure)
{
    public static PassiveHealthState Clean { get; } = new(null, 0, 0, null);
}
