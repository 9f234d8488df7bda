using Gateway.Admin.Store.Certificates;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Gateway.Admin.Store;

/// <summary>
/// Brings the entity tables from one document to the next, touching only the entities that
/// changed, inside the commit's transaction. Written as prepared statements rather than through
/// EF Core's change tracker: EF's SQLite provider sends one statement per row with tracking
/// overhead, which made a commit of 1,000 route changes spend ~100 ms in SaveChanges (see
/// docs/benchmarks.md). The order respects the RESTRICT foreign keys, which SQLite checks at once:
/// new and changed listeners and clusters first, then routes, then removed clusters and listeners.
/// Certificates are written before listeners (which reference them) and removed after them. Maps
/// come last: only their own entries reference them (rules name maps in their text, not through a
/// foreign key).
/// </summary>
internal static class EntityRowWriter
{
    public static async Task WriteAsync(GatewayStoreContext db, IReadOnlyList<EntityChange> changes, GatewayConfig after, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        using var sql = new Statements(connection, transaction, cancellationToken);
        var byCollection = changes.ToLookup(c => c.Collection);
        var listeners = ById(after.Listeners, l => l.Id);
        var clusters = ById(after.Clusters, c => c.Id);
        var routes = ById(after.Routes, r => r.Id);
        var maps = ById(after.Maps, m => m.Id);
        var stickTables = ById(after.StickTables, t => t.Id);

        await CertificateRowWriter.WriteAddedAndChangedAsync(sql, byCollection["certificates"], after, cancellationToken);

        foreach (var change in byCollection["listeners"].Where(c => c.Kind != ChangeKind.Removed))
        {
            var listener = EntityRows.ToRow(listeners[change.Id]);
            await sql.RunAsync(change.Kind == ChangeKind.Added
                ? "INSERT INTO listeners (id, address, protocols, rules, tarpit_timeout_ticks, accept_proxy, max_connections, mode, default_cluster_id, idle_timeout_ticks, request_header_timeout_ticks, min_request_body_rate, http1_core) VALUES (@id, @address, @protocols, @rules, @tarpit, @proxy, @maxconn, @mode, @defaultCluster, @idle, @headers, @bodyRate, @http1Core);"
                : "UPDATE listeners SET address = @address, protocols = @protocols, rules = @rules, tarpit_timeout_ticks = @tarpit, accept_proxy = @proxy, max_connections = @maxconn, mode = @mode, default_cluster_id = @defaultCluster, idle_timeout_ticks = @idle, request_header_timeout_ticks = @headers, min_request_body_rate = @bodyRate, http1_core = @http1Core WHERE id = @id;",
                ("@id", listener.Id), ("@address", listener.Address), ("@protocols", listener.Protocols), ("@rules", listener.Rules), ("@tarpit", listener.TarpitTimeoutTicks),
                ("@proxy", listener.AcceptProxy), ("@maxconn", listener.MaxConnections), ("@mode", listener.Mode), ("@defaultCluster", listener.DefaultClusterId), ("@idle", listener.IdleTimeoutTicks), ("@headers", listener.RequestHeaderTimeoutTicks), ("@bodyRate", listener.MinRequestBodyRate), ("@http1Core", listener.Http1Core));
            await CertificateRowWriter.WriteListenerCertificatesAsync(sql, listener, cancellationToken);
        }

        foreach (var change in byCollection["clusters"].Where(c => c.Kind != ChangeKind.Removed))
        {
            var cluster = EntityRows.ToRow(clusters[change.Id]);
            await sql.RunAsync(change.Kind == ChangeKind.Added
                ? "INSERT INTO clusters (id, load_balancing, activity_timeout_ticks, max_connections_per_server, rules, health_check_path, health_check_interval_ticks, health_check_timeout_ticks, health_check_rise, health_check_fall, connect_timeout_ticks, send_proxy, http_reuse, " + FailureColumns + ") VALUES (@id, @balancing, @timeout, @max, @rules, @hcpath, @hcinterval, @hctimeout, @hcrise, @hcfall, @connect, @sendProxy, @httpReuse, " + FailureValues + ");"
                : "UPDATE clusters SET load_balancing = @balancing, activity_timeout_ticks = @timeout, max_connections_per_server = @max, rules = @rules, health_check_path = @hcpath, health_check_interval_ticks = @hcinterval, health_check_timeout_ticks = @hctimeout, health_check_rise = @hcrise, health_check_fall = @hcfall, connect_timeout_ticks = @connect, send_proxy = @sendProxy, http_reuse = @httpReuse, " + FailureAssignments + " WHERE id = @id;",
                ("@id", cluster.Id), ("@balancing", cluster.LoadBalancing), ("@timeout", cluster.ActivityTimeoutTicks), ("@max", cluster.MaxConnectionsPerServer), ("@rules", cluster.Rules),
                ("@hcpath", cluster.HealthCheckPath), ("@hcinterval", cluster.HealthCheckIntervalTicks), ("@hctimeout", cluster.HealthCheckTimeoutTicks), ("@hcrise", cluster.HealthCheckRise), ("@hcfall", cluster.HealthCheckFall),
                ("@connect", cluster.ConnectTimeoutTicks), ("@sendProxy", cluster.SendProxy), ("@httpReuse", cluster.HttpReuse),
                ("@hostHeader", cluster.HostHeader), ("@retryCount", cluster.RetryCount), ("@retryRedispatch", cluster.RetryRedispatch), ("@retryStatuses", cluster.RetryOnStatuses),
                ("@retryNonIdempotent", cluster.RetryNonIdempotent), ("@retryBuffer", cluster.RetryBufferLimit), ("@retryDeadline", cluster.RetryDeadlineTicks),
                ("@phEnabled", cluster.PassiveHealthEnabled), ("@phFailures", cluster.PassiveHealthConsecutiveFailures), ("@phServerErrors", cluster.PassiveHealthCountServerErrors),
                ("@phEjection", cluster.PassiveHealthEjectionTicks), ("@phMaxEjection", cluster.PassiveHealthMaxEjectionTicks),
                ("@sticky", cluster.StickyCookie), ("@maxQueue", cluster.MaxQueue), ("@queueTimeout", cluster.QueueTimeoutTicks),
                ("@bufferBody", cluster.BufferRequestBody),
                ("@ccMax", cluster.ConcurrencyMaxRequests), ("@ccQueue", cluster.ConcurrencyMaxQueue), ("@ccTimeout", cluster.ConcurrencyQueueTimeoutTicks));
            await sql.RunAsync("DELETE FROM servers WHERE cluster_id = @id;", ("@id", cluster.Id));
            foreach (var server in cluster.Servers)
            {
                await sql.RunAsync("INSERT INTO servers (cluster_id, id, address, state, weight, backup, max_connections) VALUES (@cluster, @id, @address, @state, @weight, @backup, @maxconn);",
                    ("@cluster", cluster.Id), ("@id", server.Id), ("@address", server.Address), ("@state", server.State), ("@weight", server.Weight), ("@backup", server.Backup), ("@maxconn", server.MaxConnections));
            }
        }

        foreach (var change in byCollection["routes"])
        {
            if (change.Kind == ChangeKind.Removed)
            {
                await sql.RunAsync("DELETE FROM routes WHERE id = @id;", ("@id", change.Id)); // cascades to route_listeners
                continue;
            }

            var route = EntityRows.ToRow(routes[change.Id]);
            await sql.RunAsync(change.Kind == ChangeKind.Added
                ? "INSERT INTO routes (id, cluster_id, path, route_order, hosts, methods, rules, concurrency_max_requests, concurrency_max_queue, concurrency_queue_timeout_ticks) VALUES (@id, @cluster, @path, @order, @hosts, @methods, @rules, @ccMax, @ccQueue, @ccTimeout);"
                : "UPDATE routes SET cluster_id = @cluster, path = @path, route_order = @order, hosts = @hosts, methods = @methods, rules = @rules, concurrency_max_requests = @ccMax, concurrency_max_queue = @ccQueue, concurrency_queue_timeout_ticks = @ccTimeout WHERE id = @id;",
                ("@id", route.Id), ("@cluster", route.ClusterId), ("@path", route.Path), ("@order", route.Order), ("@hosts", route.Hosts), ("@methods", route.Methods), ("@rules", route.Rules),
                ("@ccMax", route.ConcurrencyMaxRequests), ("@ccQueue", route.ConcurrencyMaxQueue), ("@ccTimeout", route.ConcurrencyQueueTimeoutTicks));
            await sql.RunAsync("DELETE FROM route_listeners WHERE route_id = @id;", ("@id", route.Id));
            foreach (var binding in route.Listeners)
            {
                await sql.RunAsync("INSERT INTO route_listeners (route_id, listener_id, position) VALUES (@route, @listener, @position);",
                    ("@route", route.Id), ("@listener", binding.ListenerId), ("@position", binding.Position));
            }
        }

        foreach (var change in byCollection["clusters"].Where(c => c.Kind == ChangeKind.Removed))
        {
            await sql.RunAsync("DELETE FROM clusters WHERE id = @id;", ("@id", change.Id)); // cascades to servers
        }

        foreach (var change in byCollection["listeners"].Where(c => c.Kind == ChangeKind.Removed))
        {
            await sql.RunAsync("DELETE FROM listeners WHERE id = @id;", ("@id", change.Id));
        }

        await CertificateRowWriter.WriteRemovedAsync(sql, byCollection["certificates"], cancellationToken);

        foreach (var change in byCollection["maps"])
        {
            if (change.Kind == ChangeKind.Removed)
            {
                await sql.RunAsync("DELETE FROM maps WHERE id = @id;", ("@id", change.Id)); // cascades to map_entries
                continue;
            }

            var map = EntityRows.ToRow(maps[change.Id]);
            await sql.RunAsync(change.Kind == ChangeKind.Added
                ? "INSERT INTO maps (id) VALUES (@id);"
                : "DELETE FROM map_entries WHERE map_id = @id;",
                ("@id", map.Id));
            foreach (var entry in map.Entries)
            {
                await sql.RunAsync("INSERT INTO map_entries (map_id, position, \"key\", \"value\") VALUES (@map, @position, @key, @value);",
                    ("@map", map.Id), ("@position", entry.Position), ("@key", entry.Key), ("@value", entry.Value));
            }
        }

        await WriteStickTablesAsync(sql, byCollection["stickTables"], stickTables, cancellationToken);
    }

    // Stick tables reference nothing and nothing references them by key (rules name them in their text).
    private static async Task WriteStickTablesAsync(Statements sql, IEnumerable<EntityChange> changes, Dictionary<string, StickTableConfig> tables, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            if (change.Kind == ChangeKind.Removed)
            {
                await sql.RunAsync("DELETE FROM stick_tables WHERE id = @id;", ("@id", change.Id));
                continue;
            }

            var table = EntityRows.ToRow(tables[change.Id]);
            await sql.RunAsync(change.Kind == ChangeKind.Added
                ? "INSERT INTO stick_tables (id, type, size, expire_ticks, store, shared) VALUES (@id, @type, @size, @expire, @store, @shared);"
                : "UPDATE stick_tables SET type = @type, size = @size, expire_ticks = @expire, store = @store, shared = @shared WHERE id = @id;",
                ("@id", table.Id), ("@type", table.Type), ("@size", table.Size), ("@expire", table.ExpireTicks), ("@store", table.Store), ("@shared", table.Shared));
        }
    }

    // The forwarding and failure settings of a cluster (issue 15), kept together so the insert and the update name the same columns.
    private static readonly (string Column, string Parameter)[] FailureSettings =
    [
        ("host_header", "@hostHeader"), ("retry_count", "@retryCount"), ("retry_redispatch", "@retryRedispatch"), ("retry_on_statuses", "@retryStatuses"),
        ("retry_non_idempotent", "@retryNonIdempotent"), ("retry_buffer_limit", "@retryBuffer"), ("retry_deadline_ticks", "@retryDeadline"),
        ("passive_health_enabled", "@phEnabled"), ("passive_health_consecutive_failures", "@phFailures"), ("passive_health_count_server_errors", "@phServerErrors"),
        ("passive_health_ejection_ticks", "@phEjection"), ("passive_health_max_ejection_ticks", "@phMaxEjection"),
        ("sticky_cookie", "@sticky"), ("max_queue", "@maxQueue"), ("queue_timeout_ticks", "@queueTimeout"),
        ("buffer_request_body", "@bufferBody"),
        ("concurrency_max_requests", "@ccMax"), ("concurrency_max_queue", "@ccQueue"), ("concurrency_queue_timeout_ticks", "@ccTimeout"),
    ];

    private static readonly string FailureColumns = string.Join(", ", FailureSettings.Select(s => s.Column));

    private static readonly string FailureValues = string.Join(", ", FailureSettings.Select(s => s.Parameter));

    private static readonly string FailureAssignments = string.Join(", ", FailureSettings.Select(s => $"{s.Column} = {s.Parameter}"));

    private static Dictionary<string, T> ById<T>(IReadOnlyList<T> items, Func<T, string> id)
    {
        var result = new Dictionary<string, T>(items.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            result.TryAdd(id(item), item);
        }

        return result;
    }

    /// <summary>
    /// One command per distinct statement, reused for every row; prepared on SQLite. Parameters are written <c>@name</c>,
    /// which both SQLite and Npgsql read. Npgsql prepares a statement only once its parameters' types are known, and
    /// these are set per row (a null has no type), so on PostgreSQL the commands are reused unprepared. Each statement
    /// is awaited, never run synchronously: on PostgreSQL a commit continues on whatever thread completed its last socket
    /// read, a socket engine's own thread when completions run inline (Gateway:Runtime:InlineIo), and a synchronous
    /// read there waits for the very thread it blocks.
    /// </summary>
    internal sealed class Statements(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) : IDisposable
    {
        private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

        public async Task RunAsync(string text, params (string Name, object? Value)[] parameters)
        {
            if (!_commands.TryGetValue(text, out var command))
            {
                command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = text;
                foreach (var (name, _) in parameters)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    command.Parameters.Add(parameter);
                }

                if (connection is SqliteConnection)
                {
                    command.Prepare();
                }

                _commands[text] = command;
            }

            for (var i = 0; i < parameters.Length; i++)
            {
                command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }
        }
    }
}
