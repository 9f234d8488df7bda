namespace Gateway.Connections;

/// <summary>Set on every connection accepted by a gateway listener; names the listener.</summary>
public interface IGatewayListenerFeature
{
    string ListenerId { get; }
}

internal sealed class GatewayListenerFeature(string listenerId) : IGatewayListenerFeature
{
    public string ListenerId { get; } = listenerId;
}
