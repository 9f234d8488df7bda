using Gateway.Core.StickTables;
using Gateway.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.SharedTables;

/// <summary>
/// Keeps the shared stick tables of the configuration in force in step across nodes, as HAProxy's peers do: every
/// <see cref="SharedTablesOptions.SyncInterval"/>, for each shared table, the entries updated lately go to Redis with
/// what this node counted since its last push, and come back with the cluster's counts, which the table adds to its
/// own on every read. Requests never wait for Redis. While Redis is unreachable the tables count on this node alone
/// (the loss and the recovery are logged once each); what was counted meanwhile is pushed when it is back.
/// </summary>
internal sealed partial class SharedTableSync(
    IOptions<SharedTablesOptions> options,
    IGatewaySnapshotAccessor snapshots,
    SharedTablesStatus status,
    TimeProvider time,
    ILogger<SharedTableSync> logger) : BackgroundService
{
    /// <summary>Entries per script call: large enough to amortise the round trip, small enough not to hold Redis long.</summary>
    private const int Chunk = 256;

    private readonly Dictionary<StickTable, SharedStickBatch> _batches = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _warnedUnshared = new(StringComparer.OrdinalIgnoreCase);
    private ConnectionMultiplexer? _redis;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = Checked(options.Value);
        status.Configured = !string.IsNullOrWhiteSpace(settings.ConnectionString);
        if (status.Configured)
        {
            await ConnectAsync(settings.ConnectionString!);
        }

        // Without a Redis the loop only notices shared tables, to say once that they count per node.
        using var timer = new PeriodicTimer(status.Configured ? settings.SyncInterval : TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var tables = SharedTables();
                if (_redis is null)
                {
                    WarnUnsynced(tables);
                    continue;
                }

                await RoundAsync(_redis, tables, settings);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Settings a round can run with: an interval of at least 10 ms, a window of at least one interval, at least one entry.</summary>
    private static SharedTablesOptions Checked(SharedTablesOptions settings) => new()
    {
        ConnectionString = settings.ConnectionString,
        SyncInterval = settings.SyncInterval < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : settings.SyncInterval,
        ActiveWindow = settings.ActiveWindow < settings.SyncInterval ? settings.SyncInterval : settings.ActiveWindow,
        MaxEntriesPerRound = Math.Max(1, settings.MaxEntriesPerRound),
        KeyPrefix = settings.KeyPrefix,
        DefaultKeyLifetime = settings.DefaultKeyLifetime < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : settings.DefaultKeyLifetime,
    };

    public override void Dispose()
    {
        _redis?.Dispose();
        base.Dispose();
    }

    private async Task ConnectAsync(string connectionString)
    {
        try
        {
            var configuration = ConfigurationOptions.Parse(connectionString);
            // Start and stay up without Redis (it reconnects by itself), and fail a round at once while it is away
            // rather than queueing commands that would be stale when it comes back.
            configuration.AbortOnConnectFail = false;
            configuration.BacklogPolicy = BacklogPolicy.FailFast;
            // Try again every second while it is away, so sharing resumes soon after it is back.
            configuration.ReconnectRetryPolicy = new LinearRetry(1000);
            _redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        }
        catch (Exception ex) when (ex is ArgumentException or RedisException)
        {
            status.Failed(time.GetUtcNow(), ex.Message);
            LogCannotStart(logger, ex.Message);
        }
    }

    private List<StickTable> SharedTables()
    {
        var tables = new List<StickTable>();
        foreach (var table in snapshots.Current.StickTables.Tables)
        {
            if (table.Schema.Shared)
            {
                tables.Add(table);
            }
        }

        if (tables.Count != status.Tables.Count || tables.Where((t, i) => t.Schema.Id != status.Tables[i]).Any())
        {
            status.Tables = [.. tables.Select(t => t.Schema.Id)];
        }

        // Tables no longer in force take their batches with them.
        foreach (var gone in _batches.Keys.Where(t => !tables.Contains(t)).ToList())
        {
            _batches.Remove(gone);
        }

        return tables;
    }

    private void WarnUnsynced(List<StickTable> tables)
    {
        foreach (var table in tables)
        {
            if (_warnedUnshared.Add(table.Schema.Id))
            {
                LogNotConfigured(logger, table.Schema.Id);
            }
        }
    }

    private async Task RoundAsync(ConnectionMultiplexer redis, List<StickTable> tables, SharedTablesOptions settings)
    {
        if (!redis.IsConnected)
        {
            Failed("no connection to Redis");
            return;
        }

        try
        {
            var database = redis.GetDatabase();
            foreach (var table in tables)
            {
                await SyncAsync(database, table, settings);
            }

            if (status.Succeeded(time.GetUtcNow()) is { } since)
            {
                LogRecovered(logger, (time.GetUtcNow() - since).TotalSeconds);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Redis away, timing out or refusing the script: the tables count locally meanwhile. Never ends the loop.
            Failed(ex.Message);
        }
    }

    private void Failed(string reason)
    {
        if (status.Failed(time.GetUtcNow(), reason))
        {
            LogLost(logger, reason);
        }
    }

    private async Task SyncAsync(IDatabase database, StickTable table, SharedTablesOptions settings)
    {
        if (!_batches.TryGetValue(table, out var batch))
        {
            _batches[table] = batch = new SharedStickBatch();
        }

        var count = table.CollectShared(batch, settings.ActiveWindow, settings.MaxEntriesPerRound);
        if (count == 0)
        {
            return;
        }

        var schema = batch.Schema!;
        var header = SharedTableScript.Header(schema, SharedTableScript.Lifetime(schema, settings.DefaultKeyLifetime));
        var prefix = settings.KeyPrefix + schema.Id.ToLowerInvariant() + ":";
        var done = 0;
        try
        {
            while (done < count)
            {
                var chunk = Math.Min(Chunk, count - done);
                var keys = new RedisKey[chunk];
                var values = new RedisValue[header.Count + (chunk * batch.Deltas(0).Length)];
                header.CopyTo(values);
                var at = header.Count;
                for (var i = 0; i < chunk; i++)
                {
                    keys[i] = prefix + batch.Key(done + i).Format(schema.KeyType);
                    foreach (var number in batch.Deltas(done + i))
                    {
                        values[at++] = number;
                    }
                }

                var result = (long[]?)await database.ScriptEvaluateAsync(SharedTableScript.Text, keys, values)
                    ?? throw new RedisException("The shared-table script returned nothing.");
                for (var i = 0; i < chunk; i++)
                {
                    var totals = batch.Totals(done + i);
                    result.AsSpan(i * totals.Length, totals.Length).CopyTo(totals);
                }

                done += chunk;
            }
        }
        finally
        {
            // What reached Redis counts as pushed even when a later chunk failed.
            table.ApplyShared(batch, done);
        }
    }

    [LoggerMessage(60, LogLevel.Warning, "Redis is unreachable ({Reason}); shared stick tables count on this node alone until it is back.")]
    private static partial void LogLost(ILogger logger, string reason);

    [LoggerMessage(61, LogLevel.Information, "Redis is reachable again after {Seconds:0.0} s; shared stick tables count across the nodes again.")]
    private static partial void LogRecovered(ILogger logger, double seconds);

    [LoggerMessage(62, LogLevel.Warning, "Stick table {Table} is shared, but this node has no Redis (Gateway:Redis:ConnectionString): it counts on this node alone.")]
    private static partial void LogNotConfigured(ILogger logger, string table);

    [LoggerMessage(63, LogLevel.Error, "Cannot use the Redis configured for shared stick tables ({Reason}); they count on this node alone.")]
    private static partial void LogCannotStart(ILogger logger, string reason);
}
