using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;

namespace Gateway.Core.Tests.Rules.Compilation;

/// <summary>Rules that parse but cannot be compiled: each error has its line, column, the token found and what was expected.</summary>
public class CompileErrorTests
{
    private static readonly MapConfig[] Maps =
    [
        new() { Id = "hosts", Entries = [new("a", "b")] },
        new() { Id = "odd", Entries = [new("10.0.0.0/8", "x"), new("not-an-ip", "y"), new("(", "z")] },
    ];

    public static TheoryData<string, int, string, string, string> Errors => new()
    {
        // rule text (one line), column, part of the message, found, part of what was expected
        { "acl a pth /x", 7, "Unknown fetch 'pth'; did you mean 'path'?", "pth", "path" },
        { "acl a nothing_like_it /x", 7, "Unknown fetch 'nothing_like_it'", "nothing_like_it", "hdr" },
        { "acl a path,lowr /x", 12, "Unknown converter 'lowr'; did you mean 'lower'?", "lowr", "lower" },
        { "acl a hdr /x", 7, "The fetch 'hdr' takes 1 to 2 arguments; found 0", "hdr", "1 to 2 arguments" },
        { "acl a path(x) /x", 7, "The fetch 'path' takes 0 arguments; found 1", "path(x)", "0 arguments" },
        { "acl a path,map /x", 12, "The converter 'map' takes 1 to 2 arguments", "map", "1 to 2 arguments" },
        { "acl a hdr(x,0) /x", 7, "must be a non-zero integer", "0", "a non-zero integer" },
        { "acl a hdr(x,first) /x", 7, "must be a non-zero integer", "first", "a non-zero integer" },
        { "acl a hdr(,1) /x", 7, "needs a non-empty argument", "hdr(,1)", "a non-empty argument" },
        { "acl a var(user) /x", 7, "'user' is not a variable name", "user", "txn.user" },
        { "http-request deny if { status 500 }", 24, "The fetch 'status' cannot be read in http-request rules", "status", "http-request" },
        { "http-request set-header X %[res.hdr(server)]", 29, "cannot be read in http-request rules", "res.hdr", "http-request" },
        { "tcp-request connection reject if { path /x }", 36, "cannot be read in tcp-request connection rules", "path", "tcp-request connection" },
        { "http-request deny if admn", 22, "There is no ACL 'admn'; did you mean 'admin'?", "admn", "ACL" },
        { "http-request deny if !admn", 22, "There is no ACL 'admn'", "admn", "ACL" },
        { "http-request deny if METH_GTE", 22, "did you mean 'METH_GET'?", "METH_GTE", "ACL" },
        { "acl a path -m reg (unclosed", 7, "is not a valid regular expression", "(unclosed", "a regular expression" },
        { "acl a path,regsub(\\(,x) /x", 12, "is not a valid regular expression", "(", "a regular expression" },
        { "http-request replace-header X-A [ b", 33, "is not a valid regular expression", "[", "a regular expression" },
        { "http-request replace-path * /x", 27, "is not a valid regular expression", "*", "a regular expression" },
        { "acl a src 10.0.0.0/33", 7, "'10.0.0.0/33' is not an IP address or network", "10.0.0.0/33", "an IP address or network" },
        { "acl a src 10.0.0.300", 7, "is not an IP address or network", "10.0.0.300", "an IP address or network" },
        { "acl a src 10.0.0.0/255.0.255.0", 7, "is not an IP address or network", "10.0.0.0/255.0.255.0", "an IP address or network" },
        { "acl a src_port abc", 7, "'abc' is not an integer", "abc", "N:M" },
        { "acl a src_port 1:x", 7, "'x' is not an integer", "x", "N:M" },
        { "acl a src_port gt", 7, "The operator 'gt' needs a number after it", "gt", "a number" },
        { "http-request set-header X %[src", 27, "is never closed with ']'", "%[src", "]" },
        { "http-request set-header X a%[src,lower", 28, "is never closed with ']'", "%[src,lower", "]" },
        { "http-request set-header X %[pth]", 29, "Unknown fetch 'pth'", "pth", "path" },
        { "http-request set-header X %[,lower]", 29, "Expected a fetch or converter name", ",", "a name" },
        { "http-request set-var(txn.x) hdr(x", 32, "never closed", "end of expression", "')'" },
        { "http-request use-backend nope", 26, "There is no cluster 'nope'", "nope", "'api', 'web'" },
        { "use_backend nope if TRUE", 13, "There is no cluster 'nope'", "nope", "'api', 'web'" },
        { "http-request set-var(foo) src", 14, "'foo' is not a variable name", "foo", "txn.user" },
        { "http-request set-var(txn.) src", 14, "'txn.' is not a variable name", "txn.", "txn.user" },
        { "http-request deny deny_status 99", 31, "between 200 and 599; found 99", "99", "200 to 599" },
        { "http-request deny deny_status 600", 31, "between 200 and 599; found 600", "600", "200 to 599" },
        { "http-request return status abc", 28, "Expected a number; found 'abc'", "abc", "a number" },
        { "http-response set-status 42", 26, "between 100 and 599; found 42", "42", "100 to 599" },
        { "http-request redirect to /x", 23, "redirect takes location, prefix or scheme; found 'to'", "to", "location, prefix or scheme" },
        { "http-request redirect location /x code 304", 40, "A redirect code is 301, 302, 303, 307 or 308; found 304", "304", "301, 302, 303, 307 or 308" },
        { "http-request set-header \"X A\" 1", 25, "'X A' is not a header name", "X A", "a header name" },
        { "http-request return hdr X:A 1", 25, "'X:A' is not a header name", "X:A", "a header name" },
        { "http-request deny string a lf-string b", 38, "either string", "b", "string or lf-string" },
        { "acl a path,json(latin1) /x", 12, "json() takes ascii, utf8", "latin1", "utf8" },
        { "acl a path,regsub(a,b,x) /x", 12, "regsub() flags are i", "x", "i, g" },
        { "acl a src,ipmask(33) /x", 11, "ipmask() takes a prefix length from 0 to 32", "33", "0 to 32" },
        { "acl a src,ipmask(24,129) /x", 11, "ipmask() takes a prefix length from 0 to 128", "129", "0 to 128" },
        { "acl a path,map(nope) /x", 12, "There is no map 'nope'", "nope", "'hosts'" },
        { "acl a src,map_ip(odd) /x", 11, "which is not an IP address or network", "not-an-ip", "an IP address or network" },
        { "acl a path,map_reg(odd) /x", 12, "is not a valid regular expression", "(", "a regular expression" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Compile_ReportsWhereWhatAndWhy(string text, int column, string message, string found, string expected)
    {
        var diagnostic = Assert.Single(RuleHarness.Errors("acl admin path /admin\n" + text, maps: Maps));
        Assert.Equal(2, diagnostic.Line);
        Assert.Equal(column, diagnostic.Column);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(found, diagnostic.Found);
        Assert.Contains(expected, diagnostic.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void UseBackend_InAClusterScope_IsAnError()
    {
        var diagnostic = Assert.Single(RuleHarness.Errors("http-request set-header X 1\nhttp-request use-backend api", RuleScopeKind.Cluster));
        Assert.Equal((2, 14, "use-backend"), (diagnostic.Line, diagnostic.Column, diagnostic.Found));
        Assert.Contains("use-backend belongs in a listener's or a route's rules", diagnostic.Message, StringComparison.Ordinal);
        Assert.NotNull(diagnostic.Expected);
        Assert.NotNull(RuleHarness.Compile("http-request use-backend api", RuleScopeKind.Route));
    }

    [Theory]
    [InlineData(RuleScopeKind.Route)]
    [InlineData(RuleScopeKind.Cluster)]
    public void TcpRequest_OutsideAListener_IsAnError(RuleScopeKind kind)
    {
        var diagnostic = Assert.Single(RuleHarness.Errors("tcp-request connection reject", kind));
        Assert.Equal((1, 1, "tcp-request"), (diagnostic.Line, diagnostic.Column, diagnostic.Found));
        Assert.Contains("write them in a listener's rules", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("http-request", diagnostic.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ReportsEveryError_InLineOrder()
    {
        const string text = """
            acl good path /ok
            http-request deny if { pth /x }
            http-request set-header X %[src
            http-request deny if good
            http-request use-backend nope
            acl bad src 10.0.0.0/99
            http-response set-status 42
            """;

        var diagnostics = RuleHarness.Errors(text);
        Assert.Equal([(2, "pth"), (3, "%[src"), (5, "nope"), (6, "10.0.0.0/99"), (7, "42")], diagnostics.Select(d => (d.Line, d.Found)));
    }

    [Fact]
    public void Compile_ReportsAnUnusedAclsError()
    {
        var diagnostic = Assert.Single(RuleHarness.Errors("acl unused path -m reg [\nhttp-request deny"));
        Assert.Equal((1, 12, "["), (diagnostic.Line, diagnostic.Column, diagnostic.Found));
    }

    [Fact]
    public void Compile_ReportsABrokenAclOnceHoweverOftenItIsUsed()
    {
        var diagnostic = Assert.Single(RuleHarness.Errors("acl bad path -m reg [\nhttp-request deny if bad\nhttp-request set-header X 1 if bad || bad"));
        Assert.Equal((1, 9, "["), (diagnostic.Line, diagnostic.Column, diagnostic.Found));
    }

    [Fact]
    public void Compile_ParseErrorsComeFirst()
    {
        var diagnostics = RuleHarness.Errors("http-request nope\nhttp-request use-backend unknown");
        Assert.Equal("nope", Assert.Single(diagnostics).Found);
    }
}
