using System.Runtime.CompilerServices;
using Gateway.Core.Configuration;

namespace Gateway.LoadBalancing;

/// <summary>
/// The ring of each cluster configuration, built once per configuration object. The ring depends
/// only on the servers' ids and weights, so a commit that leaves them alone builds an equal ring
/// and keys keep their servers. Maintenance servers and servers of weight 0 are not on it; health
/// does not change it.
/// </summary>
internal static class HashRings
{
    private static readonly ConditionalWeakTable<ClusterConfig, ConsistentHashRing> Rings = [];

    public static ConsistentHashRing For(ClusterConfig cluster) =>
        Rings.GetValue(cluster, static c =>
        {
            var servers = c.Servers.Where(s => s.State != ServerState.Maintenance && s.Weight > 0).ToList();
            return new ConsistentHashRing(servers.ConvertAll(s => s.Id), servers.ConvertAll(s => s.Weight));
        });
}
