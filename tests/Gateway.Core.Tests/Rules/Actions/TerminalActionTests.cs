using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Tests.Rules.Actions;

/// <summary>deny, tarpit, redirect, return and allow; the first terminal action wins.</summary>
public class TerminalActionTests
{
    private static TestExchange Request() => new("GET", "/a/b?x=1", ("Host", "www.example.com:8080"), ("X-Name", "Ann"));

    private static RuleResponse Respond(string rules, RulePhase phase = RulePhase.HttpRequest)
    {
        var (outcome, session) = RuleHarness.Run(rules, Request(), phase);
        Assert.Equal(RuleOutcome.Respond, outcome);
        return session.Response!;
    }

    [Theory]
    [InlineData("http-request deny", 403)]
    [InlineData("http-request deny deny_status 429", 429)]
    [InlineData("http-response deny", 502)]
    [InlineData("http-response deny deny_status 503", 503)]
    public void Deny_AnswersWithItsStatus(string rule, int status)
    {
        var phase = rule.StartsWith("http-response", StringComparison.Ordinal) ? RulePhase.HttpResponse : RulePhase.HttpRequest;
        Assert.Equal(new RuleResponse(RuleResponseKind.Deny, status), Respond(rule, phase));
    }

    [Theory]
    [InlineData("deny_status 400 content-type application/json string '{\"error\":\"nope\"}'", 400, "application/json", "{\"error\":\"nope\"}")]
    [InlineData("string 'go away'", 403, "text/plain; charset=utf-8", "go away")]
    [InlineData("lf-string \"denied %[path] for %[req.hdr(x-name)]\"", 403, "text/plain; charset=utf-8", "denied /a/b for Ann")]
    [InlineData("string literal%[path]", 403, "text/plain; charset=utf-8", "literal%[path]")]
    [InlineData("content-type text/html lf-string <b>%[method]</b> deny_status 401", 401, "text/html", "<b>GET</b>")]
    [InlineData("content-type text/html", 403, "text/html", null)]
    public void Deny_WithBody(string options, int status, string contentType, string? body) =>
        Assert.Equal(new RuleResponse(RuleResponseKind.Deny, status, contentType, body), Respond("http-request deny " + options));

    [Fact]
    public void Tarpit_AnswersLikeDenyWithItsOwnKind()
    {
        Assert.Equal(new RuleResponse(RuleResponseKind.Tarpit, 500), Respond("http-request tarpit"));
        Assert.Equal(new RuleResponse(RuleResponseKind.Tarpit, 429, "text/plain; charset=utf-8", "slow down"), Respond("http-request tarpit deny_status 429 string \"slow down\""));
    }

    [Theory]
    [InlineData("location /login", 302, "/login")]
    [InlineData("location /login code 301", 301, "/login")]
    [InlineData("location /login?from=%[path] code 303", 303, "/login?from=/a/b")]
    [InlineData("location https://%[host]%[url] code 307", 307, "https://www.example.com/a/b?x=1")]
    [InlineData("location /login drop-query", 302, "/login")]
    [InlineData("prefix https://new.example.com", 302, "https://new.example.com/a/b?x=1")]
    [InlineData("prefix https://new.example.com/ code 308", 308, "https://new.example.com/a/b?x=1")]
    [InlineData("prefix https://new.example.com drop-query", 302, "https://new.example.com/a/b")]
    [InlineData("prefix /v2", 302, "/v2/a/b?x=1")]
    [InlineData("scheme https", 302, "https://www.example.com:8080/a/b?x=1")]
    [InlineData("scheme https code 301 drop-query", 301, "https://www.example.com:8080/a/b")]
    public void Redirect_BuildsTheLocation(string arguments, int code, string location) =>
        Assert.Equal(new RuleResponse(RuleResponseKind.Redirect, code, Location: location), Respond("http-request redirect " + arguments));

    [Fact]
    public void Redirect_InTheResponsePhase() =>
        Assert.Equal(new RuleResponse(RuleResponseKind.Redirect, 302, Location: "/moved"), Respond("http-response redirect location /moved", RulePhase.HttpResponse));

    [Fact]
    public void Return_DefaultsToAnEmpty200()
    {
        var response = Respond("http-request return");
        Assert.Equal(new RuleResponse(RuleResponseKind.Return, 200), response with { Headers = [] });
        Assert.Empty(response.Headers);
    }

    [Fact]
    public void Return_WithStatusTypeBodyAndHeaders()
    {
        var response = Respond("http-request return status 404 content-type text/html string \"<h1>no</h1>\" hdr X-A 1 hdr X-B %[path] hdr Cache-Control no-store");
        Assert.Equal(new RuleResponse(RuleResponseKind.Return, 404, "text/html", "<h1>no</h1>"), response with { Headers = [] });
        Assert.Equal([new("X-A", "1"), new("X-B", "/a/b"), new("Cache-Control", "no-store")], response.Headers);
    }

    [Fact]
    public void Return_WithAFormatBody()
    {
        var response = Respond("http-request return status 200 lf-string \"hello %[req.hdr(x-name)]\"");
        Assert.Equal(new RuleResponse(RuleResponseKind.Return, 200, "text/plain; charset=utf-8", "hello Ann"), response with { Headers = [] });
        Assert.Empty(response.Headers);
    }

    [Theory]
    [InlineData("http-request deny\nhttp-request return status 200", RuleResponseKind.Deny, 403)]
    [InlineData("http-request return status 201 if { path /a/b }\nhttp-request deny", RuleResponseKind.Return, 201)]
    [InlineData("http-request redirect location /a if { path /nope }\nhttp-request tarpit\nhttp-request deny", RuleResponseKind.Tarpit, 500)]
    [InlineData("http-request deny deny_status 401 unless { req.hdr(x-name) Ann }\nhttp-request redirect location /x", RuleResponseKind.Redirect, 302)]
    public void FirstTerminalAction_Wins(string rules, RuleResponseKind kind, int status)
    {
        var response = Respond(rules);
        Assert.Equal((kind, status), (response.Kind, response.StatusCode));
    }

    [Fact]
    public void TerminalAction_StopsTheRulesAfterIt()
    {
        var exchange = Request();
        var trace = new RuleTrace();
        RuleHarness.Run("http-request set-header X-Before 1\nhttp-request deny\nhttp-request set-header X-After 1\nhttp-request use-backend api", exchange, trace: trace);
        Assert.Equal("1", exchange.RequestHeaders["X-Before"]);
        Assert.Null(exchange.RequestHeaders["X-After"]);
        Assert.Equal([1, 2], trace.Entries.Where(e => e.Kind == TraceEntryKind.RuleFired).Select(e => e.Line));
    }

    [Theory]
    [InlineData("/public/x", RuleOutcome.Allow)]
    [InlineData("/private", RuleOutcome.Respond)]
    public void Allow_StopsTheRestOfTheScope(string path, RuleOutcome expected)
    {
        var exchange = new TestExchange(url: path);
        var (outcome, session) = RuleHarness.Run("http-request allow if { path_beg /public }\nhttp-request set-header X-Late 1\nhttp-request deny", exchange);
        Assert.Equal(expected, outcome);
        Assert.Equal(expected == RuleOutcome.Allow, session.Response is null);
        Assert.Equal(expected == RuleOutcome.Allow ? null : "1", exchange.RequestHeaders["X-Late"]);
    }

    [Fact]
    public void Allow_StopsOnlyItsScope()
    {
        var exchange = new TestExchange();
        var session = new RuleSession(exchange);
        var listener = RuleHarness.Compile("http-request set-header X-Listener 1\nhttp-request allow\nhttp-request deny");
        var route = RuleHarness.Compile("http-request set-header X-Route 1\nhttp-request deny deny_status 401", RuleScopeKind.Route);

        Assert.Equal(RuleOutcome.Allow, listener.Run(RulePhase.HttpRequest, session));
        Assert.Null(session.Response);
        Assert.Equal(RuleOutcome.Respond, route.Run(RulePhase.HttpRequest, session));
        Assert.Equal(401, session.Response!.StatusCode);
        Assert.Equal("1", exchange.RequestHeaders["X-Listener"]);
        Assert.Equal("1", exchange.RequestHeaders["X-Route"]);
    }

    [Fact]
    public void Allow_InTheResponsePhase()
    {
        var exchange = new TestExchange();
        var (outcome, _) = RuleHarness.Run("http-response allow if { status 200 }\nhttp-response deny", exchange, RulePhase.HttpResponse);
        Assert.Equal(RuleOutcome.Allow, outcome);
        exchange.StatusCode = 500;
        (outcome, _) = RuleHarness.Run("http-response allow if { status 200 }\nhttp-response deny", exchange, RulePhase.HttpResponse);
        Assert.Equal(RuleOutcome.Respond, outcome);
    }

    [Fact]
    public void Phases_RunOnlyTheirOwnRules()
    {
        var rules = RuleHarness.Compile("http-request set-header X-Req 1\nhttp-response deny");
        var exchange = new TestExchange();
        var session = new RuleSession(exchange);
        Assert.Equal(RuleOutcome.Continue, rules.Run(RulePhase.HttpRequest, session));
        Assert.Equal(RuleOutcome.Continue, rules.Run(RulePhase.TcpConnection, session));
        Assert.Equal(RuleOutcome.Respond, rules.Run(RulePhase.HttpResponse, session));
        Assert.Equal("1", exchange.RequestHeaders["X-Req"]);
    }
}
