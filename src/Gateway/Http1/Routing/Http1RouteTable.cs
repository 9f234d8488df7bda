using Gateway.Core.Configuration;

namespace Gateway.Http1.Routing;

/// <summary>
/// A listener's routes in the order ASP.NET Core routing ranks them (route order, then precedence, then a route with
/// hosts before one without), with the matchers the HTTP/1.1 core uses. <see cref="Build"/> returns null, with a
/// reason, when a route uses something only routing decides; the listener then stays on the Kestrel path.
/// </summary>
internal sealed class Http1RouteTable
{
    private readonly Entry[] _entries;

    private Http1RouteTable(Entry[] entries) => _entries = entries;

    public static Http1RouteTable? Build(GatewayConfig config, string listenerId, out string? reason)
    {
        var entries = new List<Entry>();
        foreach (var route in config.Routes)
        {
            if (route.Listeners.Count > 0 && !route.Listeners.Contains(listenerId, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (route.Methods.Count > 0)
            {
                // A path that matches with another method gets routing's 405: routing decides those.
                reason = $"route {route.Id} matches by method";
                return null;
            }

            if (RoutePathPattern.TryParse(route.Path) is not { } path)
            {
                reason = $"route {route.Id} has a path template only routing matches";
                return null;
            }

            var hosts = new List<HostPattern>(route.Hosts.Count);
            foreach (var host in route.Hosts)
            {
                if (HostPattern.TryParse(host) is not { } pattern)
                {
                    reason = $"route {route.Id} has a host pattern only routing matches";
                    return null;
                }

                hosts.Add(pattern);
            }

            entries.Add(new Entry(route, path, [.. hosts]));
        }

        entries.Sort(static (a, b) =>
        {
            var order = (a.Route.Order ?? 0).CompareTo(b.Route.Order ?? 0);
            if (order != 0)
            {
                return order;
            }

            var precedence = a.Path.Precedence.CompareTo(b.Path.Precedence);
            return precedence != 0 ? precedence : (a.Hosts.Length == 0).CompareTo(b.Hosts.Length == 0);
        });
        reason = null;
        return new Http1RouteTable([.. entries]);
    }

    /// <summary>The first route that matches, or null.</summary>
    public RouteConfig? Match(string path, string? host)
    {
        foreach (var entry in _entries)
        {
            if (entry.Path.Matches(path) && entry.MatchesHost(host))
            {
                return entry.Route;
            }
        }

        return null;
    }

    private sealed record Entry(RouteConfig Route, RoutePathPattern Path, HostPattern[] Hosts)
    {
        public bool MatchesHost(string? host)
        {
            if (Hosts.Length == 0)
            {
                return true;
            }

            foreach (var pattern in Hosts)
            {
                if (pattern.Matches(host))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
