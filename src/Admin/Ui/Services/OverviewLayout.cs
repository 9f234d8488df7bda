using System.Security.Cryptography;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Listeners;

namespace Gateway.Admin.Ui.Services;

/// <summary>
/// A digest of what the overview draws once and its script cannot update: which listeners, routes, clusters and
/// servers there are, with their addresses, protocols, modes, paths, hosts and balancing. Servers' states, weights
/// and backup flags are left out, since the script updates those in place.
/// </summary>
internal static class OverviewLayout
{
    public static string Digest(GatewayConfig config, IReadOnlyList<BoundListener> running)
    {
        var text = new StringBuilder();
        foreach (var listener in running)
        {
            text.Append("running\t").Append(listener.Id).Append('\t').Append(listener.Url).Append('\t').Append(listener.Protocols).Append('\n');
        }

        foreach (var listener in config.Listeners)
        {
            text.Append("listener\t").Append(listener.Id).Append('\t').Append(listener.Mode).Append('\t').Append(listener.DefaultCluster).Append('\n');
        }

        foreach (var route in config.Routes)
        {
            text.Append("route\t").Append(route.Id).Append('\t').AppendJoin(',', route.Hosts).Append('\t').Append(route.Path).Append('\t').Append(route.Cluster).Append('\n');
        }

        foreach (var cluster in config.Clusters)
        {
            text.Append("cluster\t").Append(cluster.Id).Append('\t').Append(cluster.LoadBalancing).Append('\n');
            foreach (var server in cluster.Servers)
            {
                text.Append("server\t").Append(server.Id).Append('\t').Append(server.Address).Append('\n');
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 8));
    }
}
