namespace Gateway.ProxyProtocol;

/// <summary>Set on connections that arrived with a PROXY protocol header; carries what it said.</summary>
public interface IProxyProtocolFeature
{
    ProxyHeader Header { get; }
}

internal sealed class ProxyProtocolFeature(ProxyHeader header) : IProxyProtocolFeature
{
    public ProxyHeader Header { get; } = header;
}
