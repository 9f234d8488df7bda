using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Tests.Rules.Runtime;

/// <summary>http-response: set-status, rewrite-location and conditions on the response.</summary>
public class ResponsePhaseTests
{
    private static TestExchange Response(int status = 200, string? location = null, string serverAddress = "http://10.0.0.5:8080/")
    {
        var exchange = new TestExchange("GET", "/app", ("Host", "www.example.com")) { StatusCode = status, Scheme = "https", ServerAddress = serverAddress };
        if (location is not null)
        {
            exchange.ResponseHeaders.AddValue("Location", location);
        }

        return exchange;
    }

    private static TestExchange Run(string rules, TestExchange exchange)
    {
        var (outcome, _) = RuleHarness.Run(rules, exchange, RulePhase.HttpResponse);
        Assert.Equal(RuleOutcome.Continue, outcome);
        return exchange;
    }

    [Fact]
    public void SetStatus_WithAndWithoutReason()
    {
        var exchange = Run("http-response set-status 503 reason \"Try later\"", Response());
        Assert.Equal((503, "Try later"), (exchange.StatusCode, exchange.ReasonPhrase));

        exchange = Run("http-response set-status 404", Response());
        Assert.Equal(404, exchange.StatusCode);
        Assert.Null(exchange.ReasonPhrase);
    }

    [Fact]
    public void SetStatus_IsSeenByLaterConditions()
    {
        var exchange = Run("http-response set-status 500 if { status 502 }\nhttp-response set-header X-Error %[status] if { status ge 500 }", Response(502));
        Assert.Equal(500, exchange.StatusCode);
        Assert.Equal("500", exchange.ResponseHeaders["X-Error"]);
    }

    [Theory]
    [InlineData(200, null)]
    [InlineData(404, "client")]
    [InlineData(499, "client")]
    [InlineData(500, "server")]
    public void Conditions_OnTheStatus(int status, string? expected)
    {
        var exchange = Run("http-response set-header X-Class client if { status 400:499 }\nhttp-response set-header X-Class server if { status ge 500 }", Response(status));
        Assert.Equal(expected, exchange.ResponseHeaders["X-Class"]);
    }

    [Fact]
    public void Conditions_OnResponseHeaders()
    {
        var exchange = Response();
        exchange.ResponseHeaders.AddValue("Cache-Control", "public, max-age=60");
        exchange.ResponseHeaders.AddValue("Set-Cookie", "a=1");
        Run("http-response del-header Set-Cookie if { res.hdr(cache-control) public }\nhttp-response set-header X-Count %[res.hdr_cnt(cache-control)]", exchange);
        Assert.Null(exchange.ResponseHeaders["Set-Cookie"]);
        Assert.Equal("2", exchange.ResponseHeaders["X-Count"]);
    }

    [Theory]
    [InlineData("http://10.0.0.5:8080/login?next=1", "https://www.example.com/login?next=1")]
    [InlineData("HTTP://10.0.0.5:8080/x", "https://www.example.com/x")]
    [InlineData("http://10.0.0.5:8080", "https://www.example.com")]
    [InlineData("/relative", "/relative")]
    [InlineData("http://other.example.com/x", "http://other.example.com/x")]
    [InlineData("http://10.0.0.5:80801/x", "http://10.0.0.5:80801/x")]
    public void RewriteLocation_PointsTheServersAddressAtTheClientsHost(string location, string expected) =>
        Assert.Equal(expected, Run("http-response rewrite-location", Response(302, location)).ResponseHeaders["Location"]);

    [Theory]
    [InlineData("http://app", "http://app/x", "https://www.example.com/x")]
    [InlineData("http://app", "http://app?x=1", "https://www.example.com?x=1")]
    [InlineData("http://app", "http://app2.internal/x", "http://app2.internal/x")]
    [InlineData("http://10.0.0.5:80/", "http://10.0.0.5:8080/x", "http://10.0.0.5:8080/x")]
    public void RewriteLocation_MatchesTheServerAddressOnlyUpToABoundary(string server, string location, string expected) =>
        Assert.Equal(expected, Run("http-response rewrite-location", Response(302, location, server)).ResponseHeaders["Location"]);

    [Theory]
    [InlineData("http://backend.internal/app/x", "https://example.com/shop/x")]
    [InlineData("http://backend.internal/app", "https://example.com/shop")]
    [InlineData("http://backend.internal/other", "http://backend.internal/other")]
    [InlineData("http://backend.internal/application", "http://backend.internal/application")]
    [InlineData("http://10.0.0.5:8080/app/x", "http://10.0.0.5:8080/app/x")]
    public void RewriteLocation_WithPrefixes(string location, string expected) =>
        Assert.Equal(expected, Run("http-response rewrite-location http://backend.internal/app https://example.com/shop", Response(302, location)).ResponseHeaders["Location"]);

    [Fact]
    public void RewriteLocation_WithFormatPrefixes() =>
        Assert.Equal(
            "https://www.example.com/public/x",
            Run("http-response rewrite-location http://backend.internal/%[path,regsub(^/,)] https://%[req.hdr(host)]/public", Response(302, "http://backend.internal/app/x")).ResponseHeaders["Location"]);

    [Fact]
    public void RewriteLocation_WithoutALocation_DoesNothing()
    {
        var exchange = Run("http-response rewrite-location", Response());
        Assert.Null(exchange.ResponseHeaders["Location"]);
    }
}
