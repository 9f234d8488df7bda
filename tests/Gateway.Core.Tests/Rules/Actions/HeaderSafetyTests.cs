using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Tests.Rules.Actions;

/// <summary>Formats that would put CR, LF or NUL in a header or the request line fail the request with 500 and write nothing.</summary>
public class HeaderSafetyTests
{
    private static readonly RuleResponse RewriteFailed = new(RuleResponseKind.RewriteFailed, 500, "text/plain; charset=utf-8", "The gateway could not rewrite this request.\n");

    /// <summary>v decodes to CR LF, n to NUL, lf to a bare LF, cr to a bare CR.</summary>
    private static TestExchange Request() => new(
        "GET",
        "/p?v=ok%0d%0aX-Injected:%201&n=a%00b&lf=a%0ab&cr=a%0db&safe=%0d%0a",
        ("Host", "www.example.com"),
        ("X-Old", "old"));

    [Theory]
    [InlineData("http-request set-header X-Bad %[url_param(v),url_dec]", "X-Bad")]
    [InlineData("http-request set-header X-Bad %[url_param(n),url_dec]", "X-Bad")]
    [InlineData("http-request set-header X-Bad %[url_param(lf),url_dec]", "X-Bad")]
    [InlineData("http-request set-header X-Bad %[url_param(cr),url_dec]", "X-Bad")]
    [InlineData("http-request set-header X-Old %[url_param(v),url_dec]", "X-Old")]
    [InlineData("http-request add-header X-Bad prefix-%[url_param(v),url_dec]", "X-Bad")]
    [InlineData("http-request add-header X-Old %[url_param(n),url_dec]", "X-Old")]
    [InlineData("http-request replace-header X-Old ^(.*)$ \\1%[url_param(v),url_dec]", "X-Old")]
    [InlineData("http-request replace-value X-Old ^old$ %[url_param(lf),url_dec]", "X-Old")]
    [InlineData("http-request set-var(txn.x) url_param(v),url_dec\nhttp-request set-header X-Bad %[var(txn.x)]", "X-Bad")]
    public void RequestHeader_WithALineBreakOrNul_IsRefused(string rules, string header)
    {
        var exchange = Request();
        var before = exchange.RequestHeaders[header];
        var (outcome, session) = RuleHarness.Run(rules + "\nhttp-request set-header X-After 1", exchange);

        Assert.Equal(RuleOutcome.Respond, outcome);
        Assert.Equal(RewriteFailed, session.Response);
        Assert.Equal(before, exchange.RequestHeaders[header]);
        Assert.Null(exchange.RequestHeaders["X-After"]);
        Assert.DoesNotContain(exchange.RequestHeaders.All(), f => f.Value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0);
    }

    [Theory]
    [InlineData("http-request set-path /a%[url_param(v),url_dec]")]
    [InlineData("http-request set-query q=%[url_param(n),url_dec]")]
    [InlineData("http-request set-method %[url_param(lf),url_dec]")]
    [InlineData("http-request replace-path ^/p$ /q%[url_param(cr),url_dec]")]
    [InlineData("http-request redirect location /login?%[url_param(v),url_dec]")]
    [InlineData("http-request redirect prefix /x%[url_param(v),url_dec]")]
    [InlineData("http-request return status 200 hdr X-Bad %[url_param(v),url_dec]")]
    public void RequestLineOrLocation_WithALineBreakOrNul_IsRefused(string rule)
    {
        var exchange = Request();
        var (outcome, session) = RuleHarness.Run(rule, exchange);

        Assert.Equal(RuleOutcome.Respond, outcome);
        Assert.Equal(RewriteFailed, session.Response);
        Assert.Equal(("GET", "/p"), (exchange.Method, exchange.Path));
        Assert.StartsWith("v=ok", exchange.QueryText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http-response set-header X-Bad %[url_param(v),url_dec]")]
    [InlineData("http-response add-header X-Bad %[url_param(n),url_dec]")]
    [InlineData("http-response replace-header Location ^(.*)$ %[url_param(v),url_dec]")]
    [InlineData("http-response rewrite-location http://backend %[url_param(v),url_dec]")]
    [InlineData("http-response redirect location %[url_param(lf),url_dec]")]
    public void ResponseHeader_WithALineBreakOrNul_IsRefused(string rule)
    {
        var exchange = Request();
        exchange.ResponseHeaders.AddValue("Location", "http://backend/next");
        var (outcome, session) = RuleHarness.Run(rule, exchange, RulePhase.HttpResponse);

        Assert.Equal(RuleOutcome.Respond, outcome);
        Assert.Equal(RewriteFailed, session.Response);
        Assert.Null(exchange.ResponseHeaders["X-Bad"]);
        Assert.Equal("http://backend/next", exchange.ResponseHeaders["Location"]);
    }

    [Fact]
    public void EncodedLineBreaks_AreNotRefused()
    {
        var exchange = Request();
        var (outcome, _) = RuleHarness.Run("http-request set-header X-Raw %[url_param(safe)]", exchange);
        Assert.Equal(RuleOutcome.Continue, outcome);
        Assert.Equal("%0d%0a", exchange.RequestHeaders["X-Raw"]);
    }

    [Fact]
    public void ABody_MayContainLineBreaks()
    {
        var (_, session) = RuleHarness.Run("http-request deny lf-string %[url_param(v),url_dec]", Request());
        Assert.Equal(new RuleResponse(RuleResponseKind.Deny, 403, "text/plain; charset=utf-8", "ok\r\nX-Injected: 1"), session.Response);
    }
}
