using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Gateway.Admin.Store;
using Gateway.Listeners;
using Gateway.Proxy;
using Gateway.Snapshots;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin.Status;

/// <summary>
/// The admin host's front page until the admin UI lands: what is running, from which
/// configuration, on which addresses, and how much traffic each route has seen.
/// </summary>
internal static class StatusPage
{
    public static Task WriteAsync(HttpContext context, IGatewaySnapshotAccessor snapshots, IGatewayListeners listeners,
        RouteTrafficTable traffic, GatewayDatabase database, TimeProvider time)
    {
        var snapshot = snapshots.Current;
        var age = time.GetUtcNow() - snapshot.CreatedAt;
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Gateway admin</title>")
            .Append("<link rel=\"stylesheet\" href=\"/site.css\"></head><body><main>")
            .Append("<h1>Gateway</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p>Version {Encode(Version)} &middot; configuration <strong>{Encode(snapshot.Version)}</strong> (snapshot {snapshot.Generation}, applied {Math.Max(0, (int)age.TotalSeconds)} s ago)</p>")
            .Append(CultureInfo.InvariantCulture, $"<p>Database: <code>{Encode(database.FilePath)}</code></p>")
            .Append("<h2>Listeners</h2><table><thead><tr><th>Id</th><th>Address</th><th>Protocols</th><th>State</th></tr></thead><tbody>");
        foreach (var listener in listeners.All)
        {
            var state = listener.Error is null ? listener.State.ToString().ToLowerInvariant() : $"{listener.State.ToString().ToLowerInvariant()}: {listener.Error}";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(listener.Id)}</td><td>{Encode(listener.Url.ToString())}</td><td>{listener.Plan.Protocols}</td><td>{Encode(state)}</td></tr>");
        }

        html.Append("</tbody></table><h2>Routes</h2>");
        if (snapshot.Config.Routes.Count == 0)
        {
            html.Append("<p>No routes yet: every request to a listener gets the not-found page.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th>Id</th><th>Hosts</th><th>Path</th><th>Cluster</th><th>Requests</th><th>5xx</th></tr></thead><tbody>");
            foreach (var route in snapshot.Config.Routes)
            {
                var counters = traffic.Get(route.Id);
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(route.Id)}</td><td>{Encode(string.Join(", ", route.Hosts))}</td><td>{Encode(route.Path ?? "")}</td><td>{Encode(route.Cluster)}</td><td>{counters.Requests}</td><td>{counters.ServerErrors}</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("<h2>Clusters</h2><table><thead><tr><th>Id</th><th>Balancing</th><th>Servers</th></tr></thead><tbody>");
        foreach (var cluster in snapshot.Config.Clusters)
        {
            var servers = string.Join(", ", cluster.Servers.Select(s => $"{s.Id} {s.Address} ({s.State.ToString().ToLowerInvariant()})"));
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(cluster.Id)}</td><td>{Encode(cluster.LoadBalancing)}</td><td>{Encode(servers)}</td></tr>");
        }

        html.Append("</tbody></table></main></body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(html.ToString());
    }

    private static string Version { get; } =
        typeof(StatusPage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
