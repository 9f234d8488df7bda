using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Gateway.Listeners;

namespace Gateway.Management;

/// <summary>
/// Hands the listeners of the first snapshot to Kestrel when Kestrel is created, which is the moment the
/// host needs the configuration: an invalid document stops start-up here. Runs after the host's own
/// Kestrel set-up, so a host that reads endpoints from its "Kestrel" section keeps them.
/// </summary>
internal sealed class GatewayKestrelSetup(GatewayConfigApplier applier, ListenerBinder binder, HostUrlsBinder hostUrls)
    : IPostConfigureOptions<KestrelServerOptions>
{
    public void PostConfigure(string? name, KestrelServerOptions options)
    {
        applier.EnsureStarted();
        binder.Attach(options);
        hostUrls.Bind(options);
    }
}
