using System.Net;
using Gateway.Core.Rules.Runtime;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;
using Gateway.ProxyProtocol;

namespace Gateway.Http;

/// <summary>
/// An HTTP exchange as rules see it. Built over a real request, or over a request the simulator
/// describes: either way the rules read and change the same <see cref="HttpContext"/>.
/// </summary>
internal sealed class HttpRuleExchange(HttpContext context) : IRuleExchange
{
    private HeaderDictionaryAdapter? _requestHeaders;
    private HeaderDictionaryAdapter? _responseHeaders;

    public IPAddress? ClientAddress => context.Connection.RemoteIpAddress;

    public int ClientPort => context.Connection.RemotePort;

    public IPAddress? LocalAddress => context.Connection.LocalIpAddress;

    public int LocalPort => context.Connection.LocalPort;

    public bool IsTls => context.Request.IsHttps;

    public string? ServerName => context.Features.Get<ITlsHandshakeFeature>()?.HostName is { Length: > 0 } name ? name : null;

    public string Scheme => context.Request.Scheme;

    public string HttpVersion => context.Request.Protocol switch
    {
        "HTTP/1.0" => "1.0",
        "HTTP/2" => "2.0",
        "HTTP/3" => "3.0",
        _ => "1.1",
    };

    public string Method
    {
        get => context.Request.Method;
        set => context.Request.Method = value;
    }

    public string Path
    {
        get => context.Request.Path.ToUriComponent();
        set => context.Request.Path = PathString.FromUriComponent(value);
    }

    public ReadOnlyMemory<char> Query => context.Request.QueryString.Value is { Length: > 1 } query ? query.AsMemory(1) : ReadOnlyMemory<char>.Empty;

    public bool HasQuery => context.Request.QueryString.HasValue;

    // An empty query keeps its '?', as HAProxy's set-query leaves it.
    public void SetQuery(string query) => context.Request.QueryString = new QueryString("?" + query);

    public IRuleHeaders RequestHeaders => _requestHeaders ??= new(context.Request.Headers);

    public int StatusCode
    {
        get => context.Response.StatusCode;
        set => context.Response.StatusCode = value;
    }

    public void SetReasonPhrase(string reason)
    {
        if (context.Features.Get<IHttpResponseFeature>() is { } response)
        {
            response.ReasonPhrase = reason;
        }
    }

    public IRuleHeaders ResponseHeaders => _responseHeaders ??= new(context.Response.Headers);

    public string? ProxyTlv(int type) => ProxyTlvs.Read(context.Features.Get<IProxyProtocolFeature>(), type);

    public bool? ProxyClientUsedTls => context.Features.Get<IProxyProtocolFeature>()?.Header.ClientUsedTls;

    public string? ServerAddress => ServerAddressOverride ?? context.Features.Get<IReverseProxyFeature>()?.ProxiedDestination?.Model.Config.Address;

    /// <summary>For explained requests, which are never forwarded: the server imagined to have answered.</summary>
    public string? ServerAddressOverride { get; set; }
}
