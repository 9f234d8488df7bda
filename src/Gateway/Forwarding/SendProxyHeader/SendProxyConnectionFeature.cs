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
    // Every HTTP connection has this feature and almost none ever uses it: the map (which is also the lock) is made on
    // first use, so an idle connection carries one small object here (issue 18: bytes per idle connection).
    private Dictionary<object, HttpMessageInvoker>? _invokers;
    private bool _disposed;

    private Dictionary<object, HttpMessageInvoker> Invokers =>
        Volatile.Read(ref _invokers) ?? Interlocked.CompareExchange(ref _invokers, [], null) ?? _invokers!;

    /// <summary>The PROXY header for this client connection in the given version.</summary>
    public byte[] Header(int version) => ProxyHeaderWriter.Write(version, client, local);

    /// <summary>This connection's client for <paramref name="owner"/> (one per cluster client), created on first use.</summary>
    public HttpMessageInvoker GetOrCreate(object owner, Func<SendProxyConnectionFeature, HttpMessageInvoker> create)
    {
        var invokers = Invokers;
        lock (invokers)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!invokers.TryGetValue(owner, out var invoker))
            {
                invoker = create(this);
                invokers[owner] = invoker;
            }

            return invoker;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        if (Volatile.Read(ref _invokers) is not { } invokers)
        {
            return;
        }

        List<HttpMessageInvoker> owned;
        lock (invokers)
        {
            _disposed = true;
            owned = [.. invokers.Values];
            invokers.Clear();
        }

        foreach (var invoker in owned)
        {
            invoker.Dispose();
        }
    }
}
