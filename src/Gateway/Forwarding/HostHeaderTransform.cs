using Gateway.Core.Configuration;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Forwarding;

/// <summary>
/// The Host header the server receives, by the chosen cluster's <see cref="ClusterConfig.HostHeader"/>.
/// It runs after YARP's "original host" transform (which every route gets, see
/// <see cref="BackendTransformProvider"/>), so by default the server receives the client's Host,
/// including what an <c>http-request set-header Host</c> rule put there. Read from the cluster
/// chosen for this request, so a use-backend that switches clusters switches the setting too.
/// </summary>
internal sealed class HostHeaderTransform : RequestTransform
{
    /// <summary>Cluster metadata key carrying a non-default <see cref="ClusterConfig.HostHeader"/>.</summary>
    public const string MetadataKey = "Gateway.HostHeader";

    public static HostHeaderTransform Instance { get; } = new();

    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        var proxy = context.HttpContext.Features.Get<IReverseProxyFeature>();
        if (proxy?.Cluster.Config.Metadata?.TryGetValue(MetadataKey, out var mode) == true)
        {
            // The server's own authority: HttpClient writes it from the destination address when Host is left unset.
            context.ProxyRequest.Headers.Host = mode == HostHeaderModes.Server ? proxy.ProxiedDestination?.Model.Config.Host : mode;
        }

        return default;
    }

    /// <summary>Metadata for a cluster whose servers should not receive the client's Host.</summary>
    public static string? MetadataValue(ClusterConfig cluster) =>
        string.Equals(cluster.HostHeader, HostHeaderModes.Client, StringComparison.OrdinalIgnoreCase) ? null
        : string.Equals(cluster.HostHeader, HostHeaderModes.Server, StringComparison.OrdinalIgnoreCase) ? HostHeaderModes.Server
        : cluster.HostHeader;
}
