using System.Globalization;
using Gateway.Core.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Gateway.Explain;

/// <summary>
/// Chooses a route for a described request the way endpoint routing does for real ones: scoped to
/// the listener, filtered by host, method and path template, then by order, then by the most
/// specific template, then host-specific before host-agnostic.
/// </summary>
/// <remarks>
/// Live traffic is routed by ASP.NET Core's matcher, which only knows the live configuration;
/// explaining a pending or past revision needs a matcher over any document, hence this one. A
/// test sends requests through real routing and checks both choose the same route. Inline route
/// constraints (<c>{id:int}</c>) are not evaluated here.
/// </remarks>
internal static class RouteSelector
{
    public static RouteConfig? Select(GatewayConfig config, string listenerId, HttpRequest request)
    {
        RouteConfig? best = null;
        (int Order, decimal Precedence, int HostRank) bestKey = default;
        foreach (var route in config.Routes)
        {
            if (!Matches(route, listenerId, request, out var hostRank))
            {
                continue;
            }

            var key = (route.Order ?? 0, RoutePrecedence.ComputeInbound(TemplateParser.Parse(Template(route))), hostRank);
            if (best is null || key.CompareTo(bestKey) < 0)
            {
                best = route;
                bestKey = key;
            }
        }

        return best;
    }

    private static bool Matches(RouteConfig route, string listenerId, HttpRequest request, out int hostRank)
    {
        hostRank = 2;
        if (route.Listeners.Count > 0 && !route.Listeners.Contains(listenerId, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        if (route.Methods.Count > 0 && !route.Methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        if (route.Hosts.Count > 0)
        {
            var rank = route.Hosts.Select(h => HostRank(h, request.Host)).Min();
            if (rank == int.MaxValue)
            {
                return false;
            }

            hostRank = rank;
        }

        var matcher = new TemplateMatcher(TemplateParser.Parse(Template(route)), []);
        return matcher.TryMatch(request.Path, new RouteValueDictionary());
    }

    /// <summary>0 for an exact host, 1 for a wildcard, int.MaxValue for no match.</summary>
    private static int HostRank(string pattern, HostString host)
    {
        var colon = pattern.LastIndexOf(':');
        var name = colon > 0 ? pattern[..colon] : pattern;
        if (colon > 0 && (!int.TryParse(pattern[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || host.Port != port))
        {
            return int.MaxValue;
        }

        if (name == "*")
        {
            return 1;
        }

        if (name.StartsWith("*.", StringComparison.Ordinal))
        {
            return host.Host.EndsWith(name[1..], StringComparison.OrdinalIgnoreCase) ? 1 : int.MaxValue;
        }

        return host.Host.Equals(name, StringComparison.OrdinalIgnoreCase) ? 0 : int.MaxValue;
    }

    private static string Template(RouteConfig route) => (route.Path ?? "/{**catch-all}").TrimStart('/');
}
