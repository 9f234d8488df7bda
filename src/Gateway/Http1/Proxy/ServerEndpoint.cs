using System.Collections.Concurrent;

namespace Gateway.Http1.Proxy;

/// <summary>A server address split once for the core: host, port, the pool key and the authority a Host header names.</summary>
internal sealed record ServerEndpoint(string Host, int Port, string Key, string Authority)
{
    private static readonly ConcurrentDictionary<string, ServerEndpoint> Cache = new(StringComparer.Ordinal);

    public static ServerEndpoint For(string address) => Cache.GetOrAdd(address, static a =>
    {
        var uri = new Uri(a);
        var host = uri.IdnHost;
        var authority = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        return new ServerEndpoint(host, uri.Port, $"{host}:{uri.Port}", authority);
    });

    /// <summary>Whether the core can reach this address itself: plain http, no path prefix.</summary>
    public static bool Supports(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query);
}
