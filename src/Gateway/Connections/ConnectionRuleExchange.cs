using System.Net;
using Gateway.Core.Rules.Runtime;
using Microsoft.AspNetCore.Connections;
using Gateway.ProxyProtocol;

namespace Gateway.Connections;

/// <summary>
/// A connection before any HTTP, for <c>tcp-request connection</c> rules. Only addresses and ports
/// exist yet; the compiler refuses HTTP fetches in that phase, so the HTTP members are never read.
/// </summary>
internal sealed class ConnectionRuleExchange(BaseConnectionContext connection) : IRuleExchange
{
    public IPAddress? ClientAddress => (connection.RemoteEndPoint as IPEndPoint)?.Address;

    public int ClientPort => (connection.RemoteEndPoint as IPEndPoint)?.Port ?? 0;

    public IPAddress? LocalAddress => (connection.LocalEndPoint as IPEndPoint)?.Address;

    public int LocalPort => (connection.LocalEndPoint as IPEndPoint)?.Port ?? 0;

    public bool IsTls => false;

    public string? ServerName => null;

    public string Scheme => throw NotHttp();

    public string HttpVersion => throw NotHttp();

    public string Method { get => throw NotHttp(); set => throw NotHttp(); }

    public string Path { get => throw NotHttp(); set => throw NotHttp(); }

    public ReadOnlyMemory<char> Query => throw NotHttp();

    public void SetQuery(string query) => throw NotHttp();

    public IRuleHeaders RequestHeaders => throw NotHttp();

    public int StatusCode { get => throw NotHttp(); set => throw NotHttp(); }

    public void SetReasonPhrase(string reason) => throw NotHttp();

    public IRuleHeaders ResponseHeaders => throw NotHttp();

    public string? ProxyTlv(int type) => ProxyTlvs.Read(connection.Features.Get<IProxyProtocolFeature>(), type);

    public bool? ProxyClientUsedTls => connection.Features.Get<IProxyProtocolFeature>()?.Header.ClientUsedTls;

    public string? ServerAddress => null;

    private static InvalidOperationException NotHttp() => new("tcp-request connection rules run before HTTP; the compiler should have refused this fetch.");
}
