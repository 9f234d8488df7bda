using System.Net;
using Gateway.Core.Rules.Runtime;
using Gateway.Http1.Parsing;
using Gateway.ProxyProtocol;

namespace Gateway.Http1.Proxy;

/// <summary>
/// One request of the HTTP/1.1 core as rules see it: the parsed head, and in the response phase the server's head.
/// Reused request after request over the same heads (see <see cref="Http1RequestContext"/>): <see cref="Start"/> names
/// the request's client, <see cref="Clear"/> forgets it.
/// </summary>
internal sealed class Http1RuleExchange(RequestHead request, ResponseHead response) : IRuleExchange
{
    private Http1ClientInfo _client = Http1ClientInfo.None;

    public void Start(Http1ClientInfo client) => _client = client;

    public void Clear()
    {
        _client = Http1ClientInfo.None;
        ServerAddress = null;
    }

    public IPAddress? ClientAddress => _client.Remote?.Address;

    public int ClientPort => _client.Remote?.Port ?? 0;

    public IPAddress? LocalAddress => _client.Local?.Address;

    public int LocalPort => _client.Local?.Port ?? 0;

    public bool IsTls => _client.IsTls;

    public string? ServerName => _client.ServerName;

    public string Scheme => _client.IsTls ? "https" : "http";

    public string HttpVersion => "1.1";

    public string Method
    {
        get => request.Method;
        set => request.Method = value;
    }

    public string Path
    {
        get => request.Path;
        set => request.Path = value;
    }

    public ReadOnlyMemory<char> Query => request.Query is { } query ? query.AsMemory() : ReadOnlyMemory<char>.Empty;

    public bool HasQuery => request.Query is not null;

    public void SetQuery(string query) => request.Query = query;

    public IRuleHeaders RequestHeaders => request.Headers;

    public int StatusCode
    {
        get => response.Status;
        set => response.Status = value;
    }

    public void SetReasonPhrase(string reason) => response.Reason = reason;

    public IRuleHeaders ResponseHeaders => response.Headers;

    public string? ProxyTlv(int type) => ProxyTlvs.Read(_client.Proxy, type);

    public bool? ProxyClientUsedTls => _client.Proxy?.Header.ClientUsedTls;

    /// <summary>The answering server's base address, set by the forward.</summary>
    public string? ServerAddress { get; set; }
}

/// <summary>What the core knows of the client connection, read once per connection.</summary>
internal sealed class Http1ClientInfo(IPEndPoint? remote, IPEndPoint? local, bool isTls, string? serverName, IProxyProtocolFeature? proxy)
{
    /// <summary>No client: what a request slot's exchange names between requests.</summary>
    public static readonly Http1ClientInfo None = new(null, null, false, null, null);

    private string? _addressAndPort;
    private string? _forwardedFor;

    public IPEndPoint? Remote { get; } = remote;

    public IPEndPoint? Local { get; } = local;

    public bool IsTls { get; } = isTls;

    public string? ServerName { get; } = serverName;

    public IProxyProtocolFeature? Proxy { get; } = proxy;

    /// <summary>The client as the access log names it (<c>address:port</c>, or <c>-</c>), made once per connection.</summary>
    public string AddressAndPort => _addressAndPort ??= Remote is { } remote ? $"{remote.Address}:{remote.Port}" : "-";

    /// <summary>The X-Forwarded-For value of this hop (an IPv4-mapped address as IPv4), or null; made once per connection.</summary>
    public string? ForwardedFor => Remote?.Address is not { } client ? null
        : _forwardedFor ??= (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString();
}
