using System.Collections.Frozen;

namespace Gateway.Forwarding;

/// <summary>
/// Marks an endpoint as the gateway's and says which listeners it serves. Endpoints without it
/// (the host's own) never answer on a gateway listener; see <see cref="ListenerEndpointSelectorPolicy"/>.
/// </summary>
internal sealed class GatewayEndpointMetadata(FrozenSet<string>? listeners, RequestCounters? traffic)
{
    /// <summary>Null: every gateway listener.</summary>
    public FrozenSet<string>? Listeners { get; } = listeners;

    /// <summary>The route's counters; null for the not-found endpoint.</summary>
    public RequestCounters? Traffic { get; } = traffic;

    public bool Serves(string listenerId) => Listeners is null || Listeners.Contains(listenerId);
}
