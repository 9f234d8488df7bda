using Gateway.Core.Configuration;
using Gateway.Snapshots;
using Gateway.Tls;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Gateway.Listeners;

/// <summary>
/// Binds the listeners of the first snapshot as Kestrel endpoints. Runs when Kestrel is created,
/// which is the moment the host needs the configuration: an invalid document stops start-up here.
/// </summary>
internal sealed class GatewayKestrelSetup(GatewayConfigApplier applier, ListenerRegistry registry, HostUrlsBinder hostUrls)
    : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        var snapshot = applier.EnsureStarted();
        foreach (var plan in snapshot.Listeners)
        {
            Listen(options, plan.Address, listenOptions =>
            {
                listenOptions.Protocols = plan.Protocols;
                listenOptions.UseGatewayListener(plan.Id);
                ListenerTls.Configure(listenOptions, plan);
                registry.Add(plan, listenOptions);
            });
        }

        hostUrls.Bind(options);
    }

    private static void Listen(KestrelServerOptions options, ListenerAddress address, Action<ListenOptions> configure)
    {
        switch (address.Kind)
        {
            case ListenerHostKind.Any:
                options.ListenAnyIP(address.Port, configure);
                break;
            case ListenerHostKind.Localhost:
                options.ListenLocalhost(address.Port, configure);
                break;
            default:
                options.Listen(address.IPAddress!, address.Port, configure);
                break;
        }
    }
}
