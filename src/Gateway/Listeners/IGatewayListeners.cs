using System.Net;

namespace Gateway.Listeners;

/// <summary>The gateway listeners bound in this process and the addresses they ended up on.</summary>
public interface IGatewayListeners
{
    /// <summary>Listener ids in configuration order, each with its bound endpoint (the real port when 0 was asked for).</summary>
    IReadOnlyList<BoundListener> Bound { get; }

    /// <summary>The URL of a bound listener, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    Uri GetUrl(string listenerId);
}

public sealed record BoundListener(string Id, EndPoint EndPoint, ListenerPlan Plan)
{
    public Uri Url => EndPoint switch
    {
        IPEndPoint ip when ip.Address.Equals(IPAddress.IPv6Any) || ip.Address.Equals(IPAddress.Any) => new($"{Scheme}://localhost:{ip.Port}"),
        IPEndPoint ip => new($"{Scheme}://{ip}"),
        _ => new($"{Scheme}://{EndPoint}"),
    };

    private string Scheme => Plan.Tls ? "https" : "http";
}
