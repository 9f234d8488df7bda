using System.Net;
using Gateway.Core.Rules.Primitives;

namespace Gateway.Core.Tests.Rules.Fetches;

/// <summary>Every fetch, read where one value is needed (set-var) and, for multi-valued fetches, in ACLs.</summary>
public class FetchTests
{
    private static TestExchange Request() => new(
        "POST",
        "/shop/cart.php?id=7&lang=en&id=8&flag",
        ("Host", "Shop.Example.COM:8443"),
        ("Accept", "text/html, application/json;q=0.9"),
        ("Accept", "*/*"),
        ("X-Forwarded-For", "203.0.113.1, 198.51.100.2"),
        ("Cookie", "theme=dark; sid=abc123"),
        ("Cookie", "sid=def456"),
        ("Content-Length", "42"));

    [Theory]
    [InlineData("src", "192.0.2.10")]
    [InlineData("src_port", "40000")]
    [InlineData("dst", "127.0.0.1")]
    [InlineData("dst_port", "8080")]
    [InlineData("method", "POST")]
    [InlineData("path", "/shop/cart.php")]
    [InlineData("query", "id=7&lang=en&id=8&flag")]
    [InlineData("url", "/shop/cart.php?id=7&lang=en&id=8&flag")]
    [InlineData("req.ver", "1.1")]
    [InlineData("ssl_fc", "0")]
    [InlineData("ssl_fc_sni", null)]
    [InlineData("always_true", "1")]
    [InlineData("always_false", "0")]
    [InlineData("var(txn.unset)", null)]
    [InlineData("host", "shop.example.com")]
    [InlineData("hdr(host)", "Shop.Example.COM:8443")]
    [InlineData("req.hdr(host)", "Shop.Example.COM:8443")]
    [InlineData("hdr(content-length)", "42")]
    [InlineData("hdr(x-missing)", null)]
    public void Value_RequestFetch_ReadsTheRequest(string fetch, string? expected) =>
        Assert.Equal(expected, RuleHarness.Value(fetch, Request()));

    [Theory]
    [InlineData("fc_pp_tlv(0x22)", "client.example")]
    [InlineData("fc_pp_tlv(SSL_CN)", "client.example")]
    [InlineData("fc_pp_tlv(ssl_cn)", "client.example")]
    [InlineData("fc_pp_tlv(34)", "client.example")]
    [InlineData("fc_pp_tlv(ALPN)", "h2")]
    [InlineData("fc_pp_tlv(SSL_VERSION)", null)]
    [InlineData("fc_pp_authority", "shop.example")]
    [InlineData("fc_pp_ssl", "1")]
    public void Value_ProxyTlvs_ByNumberOrHaproxyName(string fetch, string? expected)
    {
        var exchange = new TestExchange { ProxyClientUsedTls = true };
        exchange.ProxyTlvs[0x01] = "h2";
        exchange.ProxyTlvs[0x02] = "shop.example";
        exchange.ProxyTlvs[0x22] = "client.example";
        Assert.Equal(expected, RuleHarness.Value(fetch, exchange));
    }

    [Fact]
    public void Value_FcPpSsl_WithoutAnSslTlv_HasNoSample() =>
        Assert.Null(RuleHarness.Value("fc_pp_ssl", new TestExchange { ProxyClientUsedTls = null }));

    [Fact]
    public void Compile_FcPpTlvWithAnUnknownName_SaysWhichNamesExist()
    {
        var error = Assert.Single(RuleHarness.Errors("http-request deny if { fc_pp_tlv(SSL_FOO) -m found }"));
        Assert.Contains("SSL_CN", error.Message, StringComparison.Ordinal);
        Assert.Equal("SSL_FOO", error.Found);
    }

    [Theory]
    [InlineData("url_param(lang)", "en")]
    [InlineData("urlp(lang)", "en")]
    [InlineData("url_param(flag)", null)] // no "=": not found, as in HAProxy
    [InlineData("url_param(none)", null)]
    [InlineData("url_param(i)", null)]
    [InlineData("url_param(id)", "7")]
    [InlineData("urlp(id)", "7")]
    public void Value_UrlParam_ReadsTheFirstOccurrenceUndecoded(string fetch, string? expected) =>
        Assert.Equal(expected, RuleHarness.Value(fetch, Request()));

    [Fact]
    public void Value_UrlParam_IsNotDecoded() =>
        Assert.Equal("a%20b+c", RuleHarness.Value("url_param(q)", new TestExchange(url: "/?q=a%20b+c")));

    [Theory]
    [InlineData("hdr(accept)", "*/*")]
    [InlineData("hdr(accept,1)", "text/html")]
    [InlineData("hdr(accept,2)", "application/json;q=0.9")]
    [InlineData("hdr(accept,3)", "*/*")]
    [InlineData("hdr(accept,4)", null)]
    [InlineData("hdr(accept,-1)", "*/*")]
    [InlineData("hdr(accept,-2)", "application/json;q=0.9")]
    [InlineData("hdr(accept,-3)", "text/html")]
    [InlineData("hdr(accept,-4)", null)]
    [InlineData("hdr(x-forwarded-for)", "198.51.100.2")]
    [InlineData("hdr(X-FORWARDED-FOR,1)", "203.0.113.1")]
    [InlineData("req.hdr(accept,1)", "text/html")]
    [InlineData("hdr_cnt(accept)", "3")]
    [InlineData("req.hdr_cnt(accept)", "3")]
    [InlineData("hdr_cnt(x-forwarded-for)", "2")]
    [InlineData("hdr_cnt(x-missing)", "0")]
    [InlineData("req.fhdr(accept)", "*/*")]
    [InlineData("fhdr(x-forwarded-for)", "203.0.113.1, 198.51.100.2")]
    [InlineData("req.fhdr(x-missing)", null)]
    [InlineData("req.cook(theme)", "dark")]
    [InlineData("req.cook(sid)", "def456")]
    [InlineData("cook(sid)", "def456")]
    [InlineData("cook(none)", null)]
    [InlineData("cook(dar)", null)]
    public void Value_HeaderFetch_SplitsAtCommasAndReadsTheLastOccurrence(string fetch, string? expected) =>
        Assert.Equal(expected, RuleHarness.Value(fetch, Request()));

    [Theory]
    [InlineData("hdr(accept) text/html", true)]
    [InlineData("hdr(accept) application/json;q=0.9", true)]
    [InlineData("hdr(accept) */*", true)]
    [InlineData("hdr(accept) \"text/html, application/json;q=0.9\"", false)]
    [InlineData("hdr(accept,1) text/html", true)]
    [InlineData("hdr(accept,1) */*", false)]
    [InlineData("hdr(accept,-1) */*", true)]
    [InlineData("req.hdr(accept) */*", true)]
    [InlineData("hdr_ip(x-forwarded-for) 203.0.113.0/24", true)]
    [InlineData("req.fhdr(accept) text/html", false)]
    [InlineData("req.fhdr(accept) \"text/html, application/json;q=0.9\"", true)]
    [InlineData("req.cook(sid) abc123", true)]
    [InlineData("req.cook(sid) def456", true)]
    [InlineData("cook(theme) dark", true)]
    [InlineData("cook(theme) abc123", false)]
    [InlineData("url_param(id) 7", true)]
    [InlineData("url_param(id) 8", true)]
    [InlineData("urlp(id) 9", false)]
    [InlineData("hdr_cnt(accept) 3", true)]
    public void Matches_MultiValuedFetch_TestsEveryValue(string criterion, bool expected) =>
        Assert.Equal(expected, RuleHarness.Matches(criterion, Request()));

    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("Example.COM:8080", "example.com")]
    [InlineData("www.example.com.", "www.example.com")]
    [InlineData("WWW.Example.com.:443", "www.example.com")]
    [InlineData("  example.org  ", "example.org")]
    [InlineData("[2001:DB8::1]:8443", "[2001:db8::1]")]
    [InlineData("[::1]", "[::1]")]
    [InlineData("192.0.2.1:80", "192.0.2.1")]
    public void Value_Host_IsLowerCasedWithoutPortOrTrailingDot(string header, string expected) =>
        Assert.Equal(expected, RuleHarness.Value("host", new TestExchange(headers: ("Host", header))));

    [Fact]
    public void Value_HostAndBase_AbsentWithoutHostHeader()
    {
        Assert.Null(RuleHarness.Value("host", new TestExchange()));
        Assert.Null(RuleHarness.Value("base", new TestExchange()));
    }

    [Fact]
    public void Value_Base_IsHostAndPathWithoutQuery() =>
        Assert.Equal("www.example.com/a/b.html", RuleHarness.Value("base", new TestExchange(url: "/a/b.html?x=1", headers: ("Host", "www.example.com"))));

    [Fact]
    public void Value_Query_AbsentWithoutQuery()
    {
        var exchange = new TestExchange(url: "/plain");
        Assert.Null(RuleHarness.Value("query", exchange));
        Assert.Equal("/plain", RuleHarness.Value("url", exchange));
    }

    [Fact]
    public void Value_ConnectionFetches_ReadIPv6AndTls()
    {
        var exchange = new TestExchange
        {
            ClientAddress = IPAddress.Parse("2001:db8::7"),
            ClientPort = 51000,
            LocalAddress = IPAddress.Parse("2001:db8::1"),
            LocalPort = 443,
            IsTls = true,
            ServerName = "api.example.com",
            HttpVersion = "2.0",
        };

        Assert.Equal("2001:db8::7", RuleHarness.Value("src", exchange));
        Assert.Equal("51000", RuleHarness.Value("src_port", exchange));
        Assert.Equal("2001:db8::1", RuleHarness.Value("dst", exchange));
        Assert.Equal("443", RuleHarness.Value("dst_port", exchange));
        Assert.Equal("1", RuleHarness.Value("ssl_fc", exchange));
        Assert.Equal("api.example.com", RuleHarness.Value("ssl_fc_sni", exchange));
        Assert.Equal("2.0", RuleHarness.Value("req.ver", exchange));
        Assert.True(RuleHarness.Matches("ssl_fc", exchange));
        Assert.True(RuleHarness.Matches("ssl_fc_sni_end .example.com", exchange));
    }

    [Fact]
    public void Value_UnknownClientAddress_IsAbsent() =>
        Assert.Null(RuleHarness.Value("src", new TestExchange { ClientAddress = null }));

    [Theory]
    [InlineData("status", "404")]
    [InlineData("res.hdr(cache-control)", "private")]
    [InlineData("res.hdr(cache-control,1)", "no-cache")]
    [InlineData("shdr(cache-control,-1)", "private")]
    [InlineData("res.hdr_cnt(cache-control)", "2")]
    [InlineData("res.hdr_cnt(x-missing)", "0")]
    [InlineData("res.fhdr(cache-control)", "no-cache, private")]
    [InlineData("res.hdr(x-missing)", null)]
    [InlineData("hdr(host)", "www.example.com")]
    [InlineData("path", "/page")]
    public void Value_ResponseFetch_ReadsTheResponse(string fetch, string? expected)
    {
        var exchange = new TestExchange(url: "/page", headers: ("Host", "www.example.com")) { StatusCode = 404 };
        exchange.ResponseHeaders.AddValue("Cache-Control", "no-cache, private");
        Assert.Equal(expected, RuleHarness.Value(fetch, exchange, RulePhase.HttpResponse));
    }

    [Fact]
    public void Matches_ResponseHeader_TestsEveryValue()
    {
        var exchange = new TestExchange();
        exchange.ResponseHeaders.AddValue("Cache-Control", "no-cache, private");
        Assert.True(RuleHarness.Matches("res.hdr(cache-control) no-cache", exchange, RulePhase.HttpResponse));
        Assert.True(RuleHarness.Matches("shdr(cache-control) private", exchange, RulePhase.HttpResponse));
        Assert.False(RuleHarness.Matches("res.hdr(cache-control) public", exchange, RulePhase.HttpResponse));
    }

    [Fact]
    public void Value_Var_ReadsWhatSetVarStored()
    {
        var exchange = new TestExchange(headers: ("X-User", "alice"));
        var (_, session) = RuleHarness.Run("""
            http-request set-var(txn.user) req.hdr(x-user)
            http-request set-var(req.copy) var(txn.user),upper
            http-request set-header X-Seen %[var(txn.user)]
            """, exchange);

        Assert.True(session.TryGetVariable("req.copy", out var copy));
        Assert.Equal("ALICE", copy.ToString());
        Assert.Equal("alice", exchange.RequestHeaders["X-Seen"]);
    }
}
