using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Gateway.Connections;

/// <summary>Per-listener counts of connections turned away before HTTP, kept for the status page and exported as metrics.</summary>
internal sealed class ConnectionCounters : IDisposable
{
    private readonly ConcurrentDictionary<string, Counts> _byListener = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConnectionLimiter> _limiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Meter _meter;
    private readonly Counter<long> _proxyErrors;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _tlsRefused;

    public ConnectionCounters(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create("Gateway.Connections");
        _proxyErrors = _meter.CreateCounter<long>("gateway.connections.proxy_protocol_errors", description: "Connections closed for a missing, malformed or slow PROXY header.");
        _rejected = _meter.CreateCounter<long>("gateway.connections.rejected", description: "Connections closed by a tcp-request connection reject rule.");
        _tlsRefused = _meter.CreateCounter<long>("gateway.connections.tls_refused", description: "TLS handshakes refused: strict SNI without a matching certificate, or a listener without certificates.");
    }

    public long ProxyProtocolErrors(string listenerId) => _byListener.TryGetValue(listenerId, out var counts) ? Interlocked.Read(ref counts.ProxyErrors) : 0;

    /// <summary>Connections being served now on a listener with a connection limit.</summary>
    public int Active(string listenerId) => _limiters.TryGetValue(listenerId, out var limiter) ? limiter.Active : 0;

    /// <summary>Connections accepted and waiting for a slot under the listener's limit.</summary>
    public int Waiting(string listenerId) => _limiters.TryGetValue(listenerId, out var limiter) ? limiter.Waiting : 0;

    /// <summary>Connections closed at once because the listener's limit was reached and too many were already waiting.</summary>
    public long RefusedOverLimit(string listenerId) => _limiters.TryGetValue(listenerId, out var limiter) ? limiter.Refused : 0;

    /// <summary>
    /// The listener's one limiter, shared by its TCP and QUIC connections and kept across rebinds, so
    /// connections still draining from the endpoint a change replaced count against the limit too.
    /// </summary>
    internal ConnectionLimiter Limiter(string listenerId) => _limiters.GetOrAdd(listenerId, static _ => new ConnectionLimiter());

    public long Rejected(string listenerId) => _byListener.TryGetValue(listenerId, out var counts) ? Interlocked.Read(ref counts.Rejected) : 0;

    internal void ProxyProtocolError(string listenerId)
    {
        Interlocked.Increment(ref _byListener.GetOrAdd(listenerId, _ => new Counts()).ProxyErrors);
        _proxyErrors.Add(1, new KeyValuePair<string, object?>("listener", listenerId));
    }

    internal void Reject(string listenerId)
    {
        Interlocked.Increment(ref _byListener.GetOrAdd(listenerId, _ => new Counts()).Rejected);
        _rejected.Add(1, new KeyValuePair<string, object?>("listener", listenerId));
    }

    /// <summary>TLS handshakes the listener refused (strict SNI without a match, or no certificates).</summary>
    public long TlsRefused(string listenerId) => _byListener.TryGetValue(listenerId, out var counts) ? Interlocked.Read(ref counts.TlsRefused) : 0;

    internal void CountTlsRefused(string listenerId)
    {
        Interlocked.Increment(ref _byListener.GetOrAdd(listenerId, _ => new Counts()).TlsRefused);
        _tlsRefused.Add(1, new KeyValuePair<string, object?>("listener", listenerId));
    }

    public void Dispose() => _meter.Dispose();

    private sealed class Counts
    {
        public long ProxyErrors;
        public long Rejected;
        public long TlsRefused;
    }
}
