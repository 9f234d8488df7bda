using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Tests.Rules.Actions;

/// <summary>set-path, replace-path, set-query and set-method.</summary>
public class RequestRewriteTests
{
    private static TestExchange Rewrite(string rules, string url = "/api/users/42?expand=1")
    {
        var exchange = new TestExchange("GET", url, ("Host", "www.example.com"));
        var (outcome, _) = RuleHarness.Run(rules, exchange);
        Assert.Equal(RuleOutcome.Continue, outcome);
        return exchange;
    }

    [Theory]
    [InlineData("http-request set-path /new", "/new")]
    [InlineData("http-request set-path /v2%[path]", "/v2/api/users/42")]
    [InlineData("http-request set-path %[path,regsub(^/api,)]", "/users/42")]
    [InlineData("http-request set-path %[path,lower,upper]", "/API/USERS/42")]
    [InlineData("http-request replace-path ^/api/(.*) /\\1", "/users/42")]
    [InlineData("http-request replace-path ^/api/(.*)/([0-9]+)$ /\\2/\\1", "/42/users")]
    [InlineData("http-request replace-path users x", "x")]
    [InlineData("http-request replace-path ^/nomatch /x", "/api/users/42")]
    [InlineData("http-request replace-path ^/api(.*) %[req.hdr(host)]\\1", "/www.example.com/users/42")]
    public void Path_IsRewrittenAndTheQueryKept(string rules, string path)
    {
        var exchange = Rewrite(rules);
        Assert.Equal(path.StartsWith('/') ? path : "/" + path, exchange.Path);
        Assert.Equal("expand=1", exchange.QueryText);
    }

    [Theory]
    [InlineData("http-request set-query a=1", "a=1")]
    [InlineData("http-request set-query ?a=1", "a=1")]
    [InlineData("http-request set-query %[query]&debug=1", "expand=1&debug=1")]
    [InlineData("http-request set-query \"\"", "")]
    public void Query_IsReplaced(string rules, string query)
    {
        var exchange = Rewrite(rules);
        Assert.Equal(query, exchange.QueryText);
        Assert.Equal("/api/users/42", exchange.Path);
    }

    [Theory]
    [InlineData("http-request set-method POST", "POST")]
    [InlineData("http-request set-method %[req.hdr(host),upper,regsub(\\.,-,g)]", "WWW-EXAMPLE-COM")]
    public void Method_IsReplaced(string rules, string method) =>
        Assert.Equal(method, Rewrite(rules).Method);

    [Fact]
    public void Rewrites_AreSeenByLaterRules()
    {
        var exchange = Rewrite("""
            http-request set-path /b
            http-request set-query x=2
            http-request set-method PUT
            http-request set-header X-Seen %[method]:%[url]
            """);
        Assert.Equal("PUT:/b?x=2", exchange.RequestHeaders["X-Seen"]);
    }

    [Fact]
    public void Rewrites_AreSeenByLaterConditions()
    {
        var (outcome, session) = RuleHarness.Run(
            "http-request replace-path ^/old/(.*) /new/\\1\nhttp-request deny deny_status 410 if { path_beg /new/ }",
            new TestExchange(url: "/old/x"));
        Assert.Equal(RuleOutcome.Respond, outcome);
        Assert.Equal(410, session.Response!.StatusCode);
    }

    [Fact]
    public void SetPath_WithASpace_IsRefused()
    {
        var exchange = new TestExchange(url: "/a?v=x%20y");
        var (outcome, session) = RuleHarness.Run("http-request set-path /%[url_param(v),url_dec]", exchange);
        Assert.Equal(RuleOutcome.Respond, outcome);
        Assert.Equal(RuleResponseKind.RewriteFailed, session.Response!.Kind);
        Assert.Equal("/a", exchange.Path);
    }
}
