using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Gateway.Model;

namespace Gateway.Listeners;

/// <summary>The gateway listeners of the configuration in force, and the addresses they ended up on.</summary>
public interface IGatewayListeners
{
    /// <summary>The listeners that are bound, in configuration order, each with its bound endpoint (the real port when 0 was asked for).</summary>
    IReadOnlyList<BoundListener> Bound { get; }

    /// <summary>Every listener of the configuration in force, whatever its state: bound, still binding, or failed to bind (with the reason).</summary>
    IReadOnlyList<BoundListener> All { get; }

    /// <summary>The URL of a bound listener, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    Uri GetUrl(string listenerId);
}

public enum ListenerState
{
    /// <summary>Handed to Kestrel; bound, or stopped and rebound, when Kestrel has applied the change.</summary>
    Binding,

    /// <summary>Accepting connections.</summary>
    Bound,

    /// <summary>Its address could not be bound; <see cref="BoundListener.Error"/> says why. Tried again when its address can be bound (checked every 5 s) and at every configuration change.</summary>
    Failed,
}

/// <summary>A listener of the configuration in force and where it is bound.</summary>
public sealed record BoundListener
{
    internal BoundListener(string id, EndPoint endPoint, ListenerPlan plan)
    {
        Id = id;
        EndPoint = endPoint;
        Plan = plan;
    }

    public string Id { get; }

    /// <summary>The bound endpoint: the real port when 0 was asked for.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>The protocols the endpoint serves.</summary>
    public HttpProtocols Protocols => Plan.Protocols;

    /// <summary>The address as configured, e.g. <c>127.0.0.1:8080</c>.</summary>
    public string Address => Plan.Address.ToString();

    /// <summary>True when the endpoint speaks TLS.</summary>
    public bool Tls => Plan.Tls;

    internal ListenerPlan Plan { get; }

    public ListenerState State { get; init; } = ListenerState.Bound;

    /// <summary>Why the listener is not bound, when <see cref="State"/> is <see cref="ListenerState.Failed"/>.</summary>
    public string? Error { get; init; }

    public Uri Url => EndPoint switch
    {
        IPEndPoint ip when ip.Address.Equals(IPAddress.IPv6Any) || ip.Address.Equals(IPAddress.Any) => new($"{Scheme}://localhost:{ip.Port}"),
        IPEndPoint ip => new($"{Scheme}://{ip}"),
        _ => new($"{Scheme}://{EndPoint}"),
    };

    private string Scheme => Plan.Tls ? "https" : "http";
}
