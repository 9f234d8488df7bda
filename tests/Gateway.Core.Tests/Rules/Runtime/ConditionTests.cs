using System.Net;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Tests.Rules.Runtime;

/// <summary>if/unless, AND by juxtaposition, ||, negation, anonymous ACLs, repeated and predefined ACLs.</summary>
public class ConditionTests
{
    private const string Acls = """
        acl yes path_beg /
        acl yes2 method GET
        acl no path_beg /nope
        acl no2 method POST
        """;

    [Theory]
    [InlineData("if yes", true)]
    [InlineData("if no", false)]
    [InlineData("unless yes", false)]
    [InlineData("unless no", true)]
    [InlineData("if yes yes2", true)]
    [InlineData("if yes no", false)]
    [InlineData("if no yes", false)]
    [InlineData("if no || yes", true)]
    [InlineData("if yes || no", true)]
    [InlineData("if no || no2", false)]
    [InlineData("if no or yes", true)]
    [InlineData("if no or no2", false)]
    [InlineData("if yes no || yes2", true)]
    [InlineData("if yes no || no2 yes2", false)]
    [InlineData("if no || yes yes2 || no2", true)]
    [InlineData("if !no", true)]
    [InlineData("if !yes", false)]
    [InlineData("if ! no", true)]
    [InlineData("if ! yes", false)]
    [InlineData("if ! ! yes", true)]
    [InlineData("if !yes || !no", true)]
    [InlineData("if yes !no2", true)]
    [InlineData("if yes ! yes2", false)]
    [InlineData("unless no || no2", true)]
    [InlineData("unless yes no", true)]
    [InlineData("unless !no", false)]
    [InlineData("if { path_beg / }", true)]
    [InlineData("if { path_beg /nope }", false)]
    [InlineData("if ! { path_beg /nope }", true)]
    [InlineData("if { method GET } { path /x }", true)]
    [InlineData("if { method GET } ! { path /x }", false)]
    [InlineData("if { method POST } || { path /x }", true)]
    [InlineData("if yes { method -i GET }", true)]
    [InlineData("unless { path /x }", false)]
    public void Condition_CombinesAcls(string condition, bool expected) =>
        Assert.Equal(expected, RuleHarness.Holds(Acls, condition, new TestExchange(url: "/x")));

    [Theory]
    [InlineData("/a", true)]
    [InlineData("/b", true)]
    [InlineData("/c", false)]
    public void Condition_RepeatedAclName_OrsItsLines(string path, bool expected) =>
        Assert.Equal(expected, RuleHarness.Holds("acl ab path /a\nacl other path /z\nacl ab path /b", "if ab", new TestExchange(url: path)));

    [Fact]
    public void Condition_AclWithSeveralPatterns_MatchesAnyPattern()
    {
        Assert.True(RuleHarness.Holds("acl ab path /a /b", "if ab", new TestExchange(url: "/b")));
        Assert.False(RuleHarness.Holds("acl ab path /a /b", "if !ab", new TestExchange(url: "/b")));
    }

    [Theory]
    [InlineData("METH_GET", "GET", true)]
    [InlineData("METH_GET", "HEAD", true)]
    [InlineData("METH_GET", "POST", false)]
    [InlineData("METH_HEAD", "HEAD", true)]
    [InlineData("METH_POST", "POST", true)]
    [InlineData("METH_PUT", "PUT", true)]
    [InlineData("METH_DELETE", "DELETE", true)]
    [InlineData("METH_OPTIONS", "OPTIONS", true)]
    [InlineData("METH_CONNECT", "CONNECT", true)]
    [InlineData("METH_TRACE", "TRACE", true)]
    [InlineData("METH_POST", "GET", false)]
    public void Predefined_MethodAcls(string acl, string method, bool expected) =>
        Assert.Equal(expected, RuleHarness.Holds("", "if " + acl, new TestExchange(method)));

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.5.6.7", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("192.0.2.10", false)]
    [InlineData("::2", false)]
    public void Predefined_Localhost(string client, bool expected) =>
        Assert.Equal(expected, RuleHarness.Holds("", "if LOCALHOST", new TestExchange { ClientAddress = IPAddress.Parse(client) }));

    [Theory]
    [InlineData("HTTP_1.0", "1.0", true)]
    [InlineData("HTTP_1.1", "1.1", true)]
    [InlineData("HTTP_1.1", "2.0", false)]
    [InlineData("HTTP_2.0", "2.0", true)]
    [InlineData("HTTP_3.0", "3.0", true)]
    [InlineData("HTTP_3.0", "1.1", false)]
    public void Predefined_HttpVersions(string acl, string version, bool expected) =>
        Assert.Equal(expected, RuleHarness.Holds("", "if " + acl, new TestExchange { HttpVersion = version }));

    [Fact]
    public void Predefined_Others()
    {
        var exchange = new TestExchange(url: "/x", headers: ("Content-Length", "12"));
        Assert.True(RuleHarness.Holds("", "if TRUE", exchange));
        Assert.False(RuleHarness.Holds("", "if FALSE", exchange));
        Assert.True(RuleHarness.Holds("", "if HTTP_CONTENT", exchange));
        Assert.False(RuleHarness.Holds("", "if HTTP_CONTENT", new TestExchange(headers: ("Content-Length", "0"))));
        Assert.False(RuleHarness.Holds("", "if HTTP_CONTENT", new TestExchange()));
        Assert.True(RuleHarness.Holds("", "if HTTP_URL_SLASH", exchange));
        Assert.False(RuleHarness.Holds("", "if HTTP_URL_STAR", exchange));
        Assert.True(RuleHarness.Holds("", "if HTTP_URL_STAR", new TestExchange("OPTIONS", "*")));
        Assert.True(RuleHarness.Holds("", "if METH_GET !HTTP_CONTENT || FALSE", new TestExchange()));
    }

    [Fact]
    public void Predefined_AScopeAclOfTheSameNameWins()
    {
        Assert.True(RuleHarness.Holds("acl METH_GET method POST", "if METH_GET", new TestExchange("POST")));
        Assert.False(RuleHarness.Holds("acl METH_GET method POST", "if METH_GET", new TestExchange("GET")));
    }

    [Fact]
    public void Condition_NoCondition_AlwaysRuns() =>
        Assert.Equal(RuleOutcome.Respond, RuleHarness.Run("http-request deny", new TestExchange()).Outcome);

    [Fact]
    public void Condition_StopsAtTheFirstFalseTermOfAnAlternative()
    {
        var trace = new RuleTrace();
        RuleHarness.Run("acl first path /nope\nacl second method GET\nacl third method GET\nhttp-request deny if first second || third", new TestExchange(url: "/x"), trace: trace);
        var acls = trace.Entries.Where(e => e.Kind == TraceEntryKind.Acl).Select(e => (e.Subject, e.Result)).ToList();
        Assert.Equal([("first", false), ("third", true)], acls);
    }
}
