using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using System.Diagnostics.Metrics;
using Gateway.Forwarding.SendProxyHeader;
using Gateway.Model;
using Gateway.Connections;
using Gateway.Tcp;

namespace Gateway.Hosting;

internal static class TcpModeServiceCollectionExtensions
{
    /// <summary>TCP-mode forwarding, the listener-mode switch every gateway listener ends with, and send-proxy towards HTTP servers.</summary>
    public static IServiceCollection AddGatewayConnectionModes(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new TcpTrafficTable(sp.GetRequiredService<SnapshotHolder>(), sp.GetRequiredService<IMeterFactory>()));
        services.TryAddSingleton<ITcpServerCandidates, ReadyTcpServerCandidates>();
        services.TryAddSingleton(sp => new TcpForwarder(
            sp.GetRequiredService<TcpTrafficTable>(), sp.GetRequiredService<ITcpServerCandidates>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TcpForwarder>>(),
            sp.GetRequiredService<Gateway.AccessLog.AccessLogWriter>()));
        services.TryAddSingleton<ListenerModeHandler>();
        services.TryAddSingleton<ConnectionHeartbeat>();

        // send-proxy and connect timeouts towards HTTP servers.
        services.Replace(ServiceDescriptor.Singleton<IForwarderHttpClientFactory, GatewayForwarderHttpClientFactory>());
        services.AddSingleton<ITransformProvider, SendProxyTransformProvider>();
        return services;
    }
}
