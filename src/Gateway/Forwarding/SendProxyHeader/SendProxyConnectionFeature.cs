using System.Net;
using Gateway.ProxyProtocol;

namespace Gateway.Forwarding.SendProxyHeader;

/// <summary>
/// The server connections one client connection owns when its requests go to send-proxy
/// clusters. A PROXY header names one client, so a server connection that carried it must never
/// carry another client's requests: each client connection gets its own connection pool per
/// cluster, disposed (closing those server connections) when the client connection closes.
/// </summary>
internal sealed class SendProxyConnectionFeature(EndPoint? client, EndPoint? local) : IDisposable
{
    private readonly Lock _lock = new();
    private Dictionary<object, HttpMessageInvoker>? _invokers;
    private bool _disposed;

    /// <summary>The PROXY header for this client connection in the given version.</summary>
    public byte[] Header(int version) => ProxyHeaderWriter.Write(version, client, local);

    /// <summary>This connection's client for <paramref name="owner"/> (one per cluster client), created on first use.</summary>
    public HttpMessageInvoker GetOrCreate(object owner, Func<SendProxyConnectionFeature, HttpMessageInvoker> create)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _invokers ??= [];
            if (!_invokers.TryGetValue(owner, out var invoker))
            {
                invoker = create(this);
                _invokers[owner] = invoker;
            }

            return invoker;
        }
    }

    public void Dispose()
    {
        List<HttpMessageInvoker> invokers;
        lock (_lock)
        {
            _disposed = true;
            invokers = _invokers is null ? [] : [.. _invokers.Values];
            _invokers = null;
        }

        foreach (var invoker in invokers)
        {
            invoker.Dispose();
        }
    }
}
