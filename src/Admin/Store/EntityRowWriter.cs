using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Admin.Store;

/// <summary>
/// Brings the entity tables from one document to the next, touching only the entities that
/// changed. Rows are loaded before they are changed so that EF Core knows their original foreign
/// keys and orders the statements around the RESTRICT constraints (a route moves to its new
/// cluster before its old cluster is deleted).
/// </summary>
internal static class EntityRowWriter
{
    public static async Task WriteAsync(GatewayStoreContext db, IReadOnlyList<EntityChange> changes, GatewayConfig after, CancellationToken cancellationToken)
    {
        var byCollection = changes.ToLookup(c => c.Collection);

        var listenerIds = Ids(byCollection["listeners"]);
        var listeners = await db.Listeners.Where(l => listenerIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        foreach (var change in byCollection["listeners"])
        {
            var wanted = after.Listeners.FirstOrDefault(l => string.Equals(l.Id, change.Id, StringComparison.OrdinalIgnoreCase));
            if (!listeners.TryGetValue(change.Id, out var row))
            {
                db.Listeners.Add(EntityRows.ToRow(wanted!));
            }
            else if (wanted is null)
            {
                db.Listeners.Remove(row);
            }
            else
            {
                row.Address = wanted.Address;
                row.Protocols = (int)wanted.Protocols;
            }
        }

        var clusterIds = Ids(byCollection["clusters"]);
        var clusters = await db.Clusters.Include(c => c.Servers).Where(c => clusterIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        foreach (var change in byCollection["clusters"])
        {
            var wanted = after.Clusters.FirstOrDefault(c => string.Equals(c.Id, change.Id, StringComparison.OrdinalIgnoreCase));
            if (!clusters.TryGetValue(change.Id, out var row))
            {
                db.Clusters.Add(EntityRows.ToRow(wanted!));
            }
            else if (wanted is null)
            {
                db.Clusters.Remove(row);
            }
            else
            {
                var fresh = EntityRows.ToRow(wanted);
                row.LoadBalancing = fresh.LoadBalancing;
                row.ActivityTimeoutTicks = fresh.ActivityTimeoutTicks;
                row.MaxConnectionsPerServer = fresh.MaxConnectionsPerServer;
                Reconcile(db.Servers, row.Servers, fresh.Servers, s => s.Id, (existing, wanted) =>
                {
                    existing.Address = wanted.Address;
                    existing.State = wanted.State;
                }, s => s.ClusterId = row.Id);
            }
        }

        var routeIds = Ids(byCollection["routes"]);
        var routes = await db.Routes.Include(r => r.Listeners).Where(r => routeIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        foreach (var change in byCollection["routes"])
        {
            var wanted = after.Routes.FirstOrDefault(r => string.Equals(r.Id, change.Id, StringComparison.OrdinalIgnoreCase));
            if (!routes.TryGetValue(change.Id, out var row))
            {
                db.Routes.Add(EntityRows.ToRow(wanted!));
            }
            else if (wanted is null)
            {
                db.Routes.Remove(row);
            }
            else
            {
                var fresh = EntityRows.ToRow(wanted);
                row.ClusterId = fresh.ClusterId;
                row.Path = fresh.Path;
                row.Order = fresh.Order;
                row.Hosts = fresh.Hosts;
                row.Methods = fresh.Methods;
                Reconcile(db.RouteListeners, row.Listeners, fresh.Listeners, l => l.ListenerId, (existing, wanted) => existing.Position = wanted.Position, l => l.RouteId = row.Id);
            }
        }
    }

    /// <summary>Updates child rows in place by key, removes the ones that went, adds the new ones (no key is ever tracked twice).</summary>
    private static void Reconcile<TRow>(DbSet<TRow> set, List<TRow> current, List<TRow> wanted, Func<TRow, string> key, Action<TRow, TRow> update, Action<TRow> adopt)
        where TRow : class
    {
        var wantedByKey = wanted.ToDictionary(key, StringComparer.OrdinalIgnoreCase);
        foreach (var existing in current.ToList())
        {
            if (wantedByKey.Remove(key(existing), out var match))
            {
                update(existing, match);
            }
            else
            {
                set.Remove(existing);
                current.Remove(existing);
            }
        }

        foreach (var added in wantedByKey.Values)
        {
            adopt(added);
            current.Add(added);
        }
    }

    private static List<string> Ids(IEnumerable<EntityChange> changes) => [.. changes.Select(c => c.Id)];
}
