using Gateway.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Gateway.Model;

namespace Gateway.Tls;

/// <summary>All the TLS set-up of one listener's Kestrel endpoint.</summary>
internal static class ListenerTls
{
    /// <summary>
    /// Makes the endpoint speak TLS when <paramref name="plan"/> says the listener has certificates;
    /// otherwise does nothing. Call it after <c>UseGatewayListener</c>, so connection limits, the PROXY
    /// header and <c>tcp-request connection</c> rules come before the handshake. Each handshake picks its
    /// certificate from the snapshot in force, so certificate changes need no restart; switching a
    /// listener between cleartext and TLS needs the endpoint bound again.
    /// </summary>
    /// <returns>True when TLS was added.</returns>
    public static bool Configure(ListenOptions listenOptions, ListenerPlan plan)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.Tls)
        {
            return false;
        }

        var services = listenOptions.ApplicationServices;
        var handshakes = new SniHandshakes(
            plan.Id,
            listenOptions.Protocols,
            services.GetRequiredService<IGatewaySnapshotAccessor>(),
            services.GetRequiredService<ConnectionCounters>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.Listeners.Tls"));
        listenOptions.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = handshakes.SelectAsync });
        return true;
    }
}
