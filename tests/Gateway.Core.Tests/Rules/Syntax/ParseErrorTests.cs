using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Tests.Rules.Syntax;

/// <summary>Lines that cannot be parsed: each error has its line, column, the token found and what was expected.</summary>
public class ParseErrorTests
{
    public static TheoryData<string, int, string, string, string> Errors => new()
    {
        // rule text, column, part of the message, found, part of what was expected
        { "http-request set-header X \"abc", 27, "never closed", "end of line", "\"" },
        { "http-request set-header X 'abc", 27, "never closed", "end of line", "'" },
        { "http-request frobnicate", 14, "Unknown action 'frobnicate'", "frobnicate", "set-header" },
        { "http-request set-hedaer X 1", 14, "did you mean 'set-header'?", "set-hedaer", "set-header" },
        { "http-request set-status 503", 14, "'set-status' is not available in http-request rules", "set-status", "use-backend" },
        { "http-response tarpit", 15, "'tarpit' is not available in http-response rules", "tarpit", "set-status" },
        { "tcp-request connection deny", 24, "'deny' is not available in tcp-request connection rules", "deny", "accept, rate-limit, reject, sc-inc-gpc0, sc-set-gpt0, set-var, track-sc0, track-sc1, track-sc2" },
        { "http-request \"deny\"", 14, "An action is written without quotes", "deny", "deny" },
        { "http-request deny if { path /x", 31, "Expected }", "end of line", "}" },
        { "http-request deny if { path /x } }", 34, "closes nothing", "}", "an ACL name" },
        { "frontend www", 1, "A line starts with acl", "frontend", "http-request" },
        { "http-request deny when x", 19, "Unexpected 'when'", "when", "deny_status" },
        { "http-request use-backend api when x", 30, "Unexpected 'when'", "when", "if, unless" },
        { "acl a path -x /a", 12, "Unknown flag '-x'", "-x", "-m <method>" },
        { "acl a path -m foo /a", 15, "Unknown match method 'foo'", "foo", "str" },
        { "acl a path -m", 14, "Expected a match method", "end of line", "beg" },
        { "acl a path -f /etc/list", 12, "Pattern files are not supported", "-f", "patterns" },
        { "acl a path_beg -m end /a", 16, "already says how to match", "-m", "patterns" },
        { "acl a ssl_fc -m found x", 7, "-m found takes no patterns; found 'x'", "ssl_fc", "no patterns" },
        { "acl a path /x if b", 15, "An acl line has no condition", "if", "patterns" },
        { "acl -a path /x", 5, "'-a' is not an ACL name", "-a", "an ACL name" },
        { "acl a!b path /x", 5, "'a!b' is not an ACL name", "a!b", "an ACL name" },
        { "acl", 4, "Expected an ACL name", "end of line", "an ACL name" },
        { "http-request deny if !a!b", 23, "'a!b' is not an ACL name", "a!b", "an ACL name" },
        { "http-request deny deny_status 403 deny_status 404", 35, "given twice", "deny_status", "each option once" },
        { "http-request deny deny_status", 30, "Expected a value for 'deny_status'", "end of line", "a value for 'deny_status'" },
        { "http-request set-header X-A", 28, "'set-header' needs 2 arguments", "end of line", "set-header <name> <format>" },
        { "http-request set-header if x", 25, "needs 2 arguments before the condition", "if", "set-header <name> <format>" },
        { "http-response rewrite-location a", 33, "takes 0 or 2 arguments", "end of line", "rewrite-location" },
        { "http-request set-var src", 14, "Write the action as set-var(<scope.name>)", "set-var", "set-var(<scope.name>) <expression>" },
        { "http-request deny(x)", 14, "'deny' takes no parameter", "deny(x)", "deny" },
        { "tcp-request content accept", 13, "Only 'tcp-request connection' rules", "content", "connection" },
        { "tcp-request", 12, "Expected connection", "end of line", "connection" },
        { "http-request", 13, "Expected an action", "end of line", "deny" },
        { "acl a hdr(host /x", 10, "The parenthesis after 'hdr' is never closed", "end of expression", "')'" },
        { "acl a path,,lower /x", 12, "Expected a fetch or converter name", ",", "a name" },
        { "acl a hdr(x)y /z", 13, "Unexpected 'y'", "y", "',' and a converter" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Parse_ReportsWhereWhatAndWhy(string text, int column, string message, string found, string expected)
    {
        var diagnostic = Assert.Single(RuleParser.Parse(text).Diagnostics);
        Assert.Equal(1, diagnostic.Line);
        Assert.Equal(column, diagnostic.Column);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(found, diagnostic.Found);
        Assert.Contains(expected, diagnostic.Expected, StringComparison.Ordinal);
        Assert.Null(RuleParser.Parse(text).RuleSet);
        Assert.Equal(diagnostic, Assert.Single(RuleHarness.Errors(text)));
    }

    [Fact]
    public void Parse_ReportsEveryBadLine()
    {
        const string text = """
            acl ok path /ok
            acl a path -x /a
            # a comment, then a blank line

            http-request frobnicate
            http-request deny if ok
            http-request set-header X "unclosed
            http-request deny if ok
            acl b path -m nope x
            """;

        var diagnostics = RuleParser.Parse(text).Diagnostics;
        Assert.Equal([(2, "-x"), (5, "frobnicate"), (7, "end of line"), (9, "nope")], diagnostics.Select(d => (d.Line, d.Found)));
        Assert.Equal(diagnostics, RuleHarness.Errors(text));
    }

    [Fact]
    public void Parse_CountsLinesWithWindowsLineEndings()
    {
        var diagnostic = Assert.Single(RuleParser.Parse("acl a path /a\r\n\r\nhttp-request nope\r\n").Diagnostics);
        Assert.Equal((3, 14, "nope"), (diagnostic.Line, diagnostic.Column, diagnostic.Found));
    }

    [Fact]
    public void Diagnostic_ReadsAsASentenceWithItsPosition() =>
        Assert.StartsWith("line 1, column 14: Unknown action 'nope'", RuleParser.Parse("http-request nope").Diagnostics[0].ToString(), StringComparison.Ordinal);
}
