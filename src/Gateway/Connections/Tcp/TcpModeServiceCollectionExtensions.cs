using Gateway.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using System.Diagnostics.Metrics;

namespace Gateway.Connections.Tcp;

internal static class TcpModeServiceCollectionExtensions
{
    /// <summary>TCP-mode forwarding and the listener-mode switch every gateway listener ends with.</summary>
    public static IServiceCollection AddGatewayConnectionModes(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new TcpTrafficTable(sp.GetRequiredService<SnapshotHolder>(), sp.GetRequiredService<IMeterFactory>()));
        services.TryAddSingleton<ITcpServerCandidates, ReadyTcpServerCandidates>();
        services.TryAddSingleton(sp => new TcpForwarder(
            sp.GetRequiredService<TcpTrafficTable>(), sp.GetRequiredService<ITcpServerCandidates>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TcpForwarder>>()));
        services.TryAddSingleton<ListenerModeHandler>();
        return services;
    }
}
