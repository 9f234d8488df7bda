using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Tests.Rules.Actions;

/// <summary>set-header, add-header, del-header, replace-header and replace-value on requests and responses.</summary>
public class HeaderActionTests
{
    private static TestExchange Request() => new(
        "GET",
        "/x?id=7",
        ("Host", "www.example.com"),
        ("X-Multi", "one"),
        ("x-multi", "two, three"),
        ("X-Path", "/old/path"),
        ("X-Tag", "abc"),
        ("X-List", "a1, b2,a3"));

    private static List<string> Values(TestHeaders headers, string name) =>
        [.. headers.All().Where(f => f.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value)];

    private static TestExchange Run(string rules)
    {
        var exchange = Request();
        var (outcome, _) = RuleHarness.Run(rules, exchange);
        Assert.Equal(RuleOutcome.Continue, outcome);
        return exchange;
    }

    [Fact]
    public void SetHeader_ReplacesEveryLine()
    {
        var exchange = Run("http-request set-header X-Multi %[src]:%[src_port]");
        Assert.Equal(["192.0.2.10:40000"], Values(exchange.RequestHeaders, "X-Multi"));
    }

    [Fact]
    public void SetHeader_AddsAMissingHeader()
    {
        var exchange = Run("http-request set-header X-New \"hello world\"");
        Assert.Equal(["hello world"], Values(exchange.RequestHeaders, "x-new"));
    }

    [Fact]
    public void SetHeader_WithAnEmptyValue() =>
        Assert.Equal([""], Values(Run("http-request set-header X-Empty \"\"").RequestHeaders, "X-Empty"));

    [Fact]
    public void SetHeader_WithAbsentSamples_WritesTheLiteralParts() =>
        Assert.Equal(["id=7;none=;"], Values(Run("http-request set-header X-Out id=%[url_param(id)];none=%[url_param(none)];").RequestHeaders, "X-Out"));

    [Fact]
    public void SetHeader_PercentPercentIsAPercentSign() =>
        Assert.Equal(["100% of /x"], Values(Run("http-request set-header X-Out \"100%% of %[path]\"").RequestHeaders, "X-Out"));

    [Fact]
    public void AddHeader_AppendsALine()
    {
        var exchange = Run("http-request add-header X-Multi four\nhttp-request add-header X-Multi %[path]");
        Assert.Equal(["one", "two, three", "four", "/x"], Values(exchange.RequestHeaders, "X-Multi"));
    }

    [Fact]
    public void DelHeader_RemovesEveryLineWhateverTheCase()
    {
        var exchange = Run("http-request del-header X-MULTI\nhttp-request del-header X-Absent");
        Assert.Empty(Values(exchange.RequestHeaders, "X-Multi"));
        Assert.Equal("www.example.com", exchange.RequestHeaders["Host"]);
    }

    [Theory]
    [InlineData("X-Path ^/old/(.*) /new/\\1", "/new/path")]
    [InlineData("X-Path old new", "new")]
    [InlineData("X-Path ^/nomatch x", "/old/path")]
    [InlineData("X-Path ^(/old)(/.*)$ \\2\\1", "/path/old")]
    [InlineData("X-Path ^/old/(.*)$ %[src]/\\1", "192.0.2.10/path")]
    [InlineData("X-Path .* $1", "$1")]
    [InlineData("X-Tag b X", "X")]
    [InlineData("x-tag ^ABC$ X", "abc")]
    public void ReplaceHeader_WhereTheRegexMatches_TheWholeValueBecomesTheFormat(string arguments, string expected)
    {
        var name = arguments[..arguments.IndexOf(' ', StringComparison.Ordinal)];
        var exchange = Run("http-request replace-header " + arguments);
        Assert.Equal([expected], Values(exchange.RequestHeaders, name));
    }

    [Fact]
    public void ReplaceHeader_RewritesEachLineWhole()
    {
        var exchange = Run("http-request replace-header X-Multi ^t(.*) T\\1");
        Assert.Equal(["one", "Two, three"], Values(exchange.RequestHeaders, "X-Multi"));
    }

    [Fact]
    public void ReplaceHeader_OnAMissingHeader_DoesNothing() =>
        Assert.Null(Run("http-request replace-header X-Absent .* x").RequestHeaders["X-Absent"]);

    [Theory]
    [InlineData("X-List ^a([0-9])$ z\\1", "z1,b2,z3")]
    [InlineData("X-List a x", "x,b2,x")]
    [InlineData("X-List ^b2$ %[path]", "a1,/x,a3")]
    [InlineData("X-Multi ^t(.*)$ T\\1", "one|Two,Three")]
    public void ReplaceValue_RewritesEachCommaSeparatedValueWhole(string arguments, string expected)
    {
        var name = arguments[..arguments.IndexOf(' ', StringComparison.Ordinal)];
        var exchange = Run("http-request replace-value " + arguments);
        Assert.Equal(expected, string.Join('|', Values(exchange.RequestHeaders, name)));
    }

    [Fact]
    public void HeaderActions_LaterRulesSeeTheChange()
    {
        var (outcome, _) = RuleHarness.Run("http-request set-header X-Role admin\nhttp-request deny if { req.hdr(x-role) admin }", new TestExchange());
        Assert.Equal(RuleOutcome.Respond, outcome);
    }

    [Fact]
    public void ResponseHeaderActions_ChangeTheResponse()
    {
        var exchange = new TestExchange(headers: ("X-Req", "keep"));
        exchange.ResponseHeaders.AddValue("Server", "backend/1.0");
        exchange.ResponseHeaders.AddValue("Set-Cookie", "a=1; path=/");
        exchange.ResponseHeaders.AddValue("X-Version", "v1, v2");
        RuleHarness.Run("""
            http-response set-header X-Frame-Options DENY
            http-response add-header X-Served-By %[req.hdr(x-req)]
            http-response del-header Server
            http-response replace-header Set-Cookie ^(.*)$ "\1; Secure"
            http-response replace-value X-Version ^v(.*)$ version-\1
            """, exchange, RulePhase.HttpResponse);

        Assert.Equal("DENY", exchange.ResponseHeaders["X-Frame-Options"]);
        Assert.Equal("keep", exchange.ResponseHeaders["X-Served-By"]);
        Assert.Null(exchange.ResponseHeaders["Server"]);
        Assert.Equal("a=1; path=/; Secure", exchange.ResponseHeaders["Set-Cookie"]);
        Assert.Equal("version-1,version-2", exchange.ResponseHeaders["X-Version"]);
        Assert.Equal("keep", exchange.RequestHeaders["X-Req"]);
        Assert.Null(exchange.RequestHeaders["X-Frame-Options"]);
    }
}
