using System.Globalization;
using Gateway.Core.Configuration;

namespace Gateway.Forwarding.SendProxyHeader;

/// <summary>The cluster settings YARP's own config has no field for, as the metadata <see cref="GatewayForwarderHttpClientFactory"/> reads.</summary>
internal static class SendProxyClusterSettings
{
    public static Dictionary<string, string>? Metadata(ClusterConfig cluster)
    {
        if (cluster.ConnectTimeout is null && cluster.SendProxy == SendProxy.None)
        {
            return null;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (cluster.ConnectTimeout is { } timeout)
        {
            metadata[GatewayForwarderHttpClientFactory.ConnectTimeoutKey] = timeout.ToString("c", CultureInfo.InvariantCulture);
        }

        if (cluster.SendProxy != SendProxy.None)
        {
            metadata[GatewayForwarderHttpClientFactory.SendProxyKey] = cluster.SendProxy == SendProxy.V1 ? "v1" : "v2";
        }

        return metadata;
    }
}
