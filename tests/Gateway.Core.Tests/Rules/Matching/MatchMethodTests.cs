using System.Net;

namespace Gateway.Core.Tests.Rules.Matching;

/// <summary>Every match method, with and without -i, written with -m and as HAProxy's shorthands.</summary>
public class MatchMethodTests
{
    private static TestExchange Request() => new(
        "GET",
        "/API/v1/Users/42?debug=1&id=A7",
        ("Host", "www.Example.com"),
        ("X-Num", "17"),
        ("X-Neg", "-5"),
        ("X-Zero", "0"),
        ("X-Word", "abc"),
        ("X-Empty", ""),
        ("X-Forwarded-For", "203.0.113.1, 198.51.100.2"),
        ("Cookie", "sid=Session42"),
        ("Content-Length", "5"));

    [Theory]
    [InlineData("path /API/v1/Users/42", true)]
    [InlineData("path /api/v1/users/42", false)]
    [InlineData("path -i /api/v1/users/42", true)]
    [InlineData("path -m str /API", false)]
    [InlineData("path -m str /x /API/v1/Users/42 /y", true)]
    [InlineData("path_str /API/v1/Users/42", true)]
    [InlineData("hdr(x-empty) \"\"", true)]
    [InlineData("method GET", true)]
    [InlineData("method get", false)]
    [InlineData("method -i get", false)] // HAProxy: a known method matches only its exact name
    public void Str_MatchesTheWholeValue(string criterion, bool expected) => Check(criterion, expected);

    [Theory]
    [InlineData("path -m beg /API/", true)]
    [InlineData("path -m beg /api/", false)]
    [InlineData("path -i -m beg /api/", true)]
    [InlineData("path -m beg -i /api/", true)]
    [InlineData("path_beg /API/v1", true)]
    [InlineData("path_beg /v1 /API", true)]
    [InlineData("path_beg /v1", false)]
    [InlineData("path_beg -i /api/V1/users/42", true)]
    [InlineData("path_beg /API/v1/Users/42/more", false)]
    [InlineData("url_beg /API/v1/Users/42?debug", true)]
    [InlineData("hdr_beg(host) www.", true)]
    [InlineData("base_beg www.example.com/API", true)]
    [InlineData("cook_beg(sid) Session", true)]
    public void Beg_MatchesAPrefix(string criterion, bool expected) => Check(criterion, expected);

    [Theory]
    [InlineData("path_end /42", true)]
    [InlineData("path_end /Users", false)]
    [InlineData("path -m end -i users/42", true)]
    [InlineData("path -m end users/42", false)]
    [InlineData("url_end id=A7", true)]
    [InlineData("hdr_end(host) .Example.com", true)]
    [InlineData("hdr_end(host) -i .EXAMPLE.COM", true)]
    [InlineData("hdr_end(host) .example.com", false)]
    public void End_MatchesASuffix(string criterion, bool expected) => Check(criterion, expected);

    [Theory]
    [InlineData("path_sub v1/Us", true)]
    [InlineData("path_sub v2", false)]
    [InlineData("path -i -m sub V1/US", true)]
    [InlineData("path -m sub V1/US", false)]
    [InlineData("hdr_sub(host) Example", true)]
    [InlineData("urlp_sub(id) 7", true)]
    [InlineData("url_param_sub(id) a", false)]
    public void Sub_MatchesASubstring(string criterion, bool expected) => Check(criterion, expected);

    [Theory]
    [InlineData("path_reg ^/API/v[0-9]+/", true)]
    [InlineData("path_reg ^/api/", false)]
    [InlineData("path -i -m reg ^/api/v1/users/[0-9]+$", true)]
    [InlineData("url_reg debug=[01]", true)]
    [InlineData("hdr_reg(host) ^www\\.", true)]
    [InlineData("urlp_reg(id) ^[A-Z][0-9]$", true)]
    [InlineData("urlp_reg(id) ^[a-z][0-9]$", false)]
    [InlineData("path_reg x ^/API", true)]
    public void Reg_MatchesARegularExpression(string criterion, bool expected) => Check(criterion, expected);

    [Theory]
    [InlineData("path_dir v1", true)]
    [InlineData("path_dir Users", true)]
    [InlineData("path_dir 42", true)]
    [InlineData("path_dir API", true)]
    [InlineData("path_dir Use", false)]
    [InlineData("path_dir sers", false)]
    [InlineData("path_dir v1/Users", true)]
    [InlineData("path_dir /v1/Users/", true)]
    [InlineData("path_dir users", false)]
    [InlineData("path -i -m dir users", true)]
    [InlineData("url_dir 42", true)]
    [InlineData("url_dir debug=1&id=A7", true)]
    [InlineData("path_dir /", false)]
    public void Dir_MatchesWholeSlashDelimitedWords(string criterion, bool expected) => Check(criterion, expected);

    [Theory]
    [InlineData("hdr(host) -m dom Example.com", true)]
    [InlineData("hdr(host) -m dom example.com", false)]
    [InlineData("hdr_dom(host) -i example.com", true)]
    [InlineData("hdr_dom(host) www", true)]
    [InlineData("hdr_dom(host) com", true)]
    [InlineData("hdr_dom(host) ample.com", false)]
    [InlineData("hdr_dom(host) ww", false)]
    [InlineData("hdr_dom(host) -i .EXAMPLE.", true)]
    [InlineData("hdr_dom(host) www.Example.com", true)]
    [InlineData("host -m dom example.com", true)]
    [InlineData("path -m dom v1", true)]
    public void Dom_MatchesWholeDotDelimitedWords(string criterion, bool expected) => Check(criterion, expected);

    [Theory]
    [InlineData("src 192.0.2.10", true)]
    [InlineData("src 192.0.2.11", false)]
    [InlineData("src 192.0.2.0/24", true)]
    [InlineData("src 192.0.2.0/255.255.255.0", true)]
    [InlineData("src 192.0.2.0/255.255.255.248", false)]
    [InlineData("src 192.0.2.99/24", true)]
    [InlineData("src 198.51.100.0/24", false)]
    [InlineData("src 10.0.0.0/8 192.0.2.8/29", true)]
    [InlineData("src 0.0.0.0/0", true)]
    [InlineData("dst 127.0.0.1", true)]
    [InlineData("src -m ip 192.0.2.0/24", true)]
    [InlineData("hdr_ip(x-forwarded-for) 198.51.100.0/24", true)]
    [InlineData("hdr_ip(x-forwarded-for) 192.0.2.0/24", false)]
    [InlineData("hdr(x-word) -m ip 0.0.0.0/0", false)]
    public void Ip_MatchesAddressesAndNetworks(string criterion, bool expected) => Check(criterion, expected);

    [Theory]
    [InlineData("2001:db8::7", "2001:db8::/32", true)]
    [InlineData("2001:db8::7", "2001:db9::/32", false)]
    [InlineData("2001:db8::7", "2001:db8::7", true)]
    [InlineData("2001:db8::7", "2001:DB8:0:0:0:0:0:7", true)]
    [InlineData("2001:db8::7", "0.0.0.0/0", false)]
    [InlineData("2001:db8::7", "::/0", true)]
    [InlineData("::1", "::1", true)]
    [InlineData("127.0.0.1", "::1", false)]
    [InlineData("::ffff:192.0.2.10", "192.0.2.0/24", true)]
    [InlineData("::ffff:192.0.2.10", "192.0.2.10", true)]
    [InlineData("::ffff:192.0.2.10", "198.51.100.0/24", false)]
    [InlineData("192.0.2.10", "::ffff:192.0.2.10", true)]
    [InlineData("::ffff:192.0.2.10", "::ffff:192.0.2.0/120", true)]
    [InlineData("192.0.2.10", "::ffff:192.0.2.0/120", true)]
    [InlineData("192.0.2.10", "::ffff:0.0.0.0/96", true)]
    [InlineData("192.0.2.10", "::/0", true)]
    [InlineData("192.0.2.10", "2001:db8::/32", false)]
    [InlineData("198.51.100.1", "::ffff:192.0.2.0/120", false)]
    public void Ip_TreatsIPv4AndIPv4MappedAsTheSameAddress(string client, string pattern, bool expected) =>
        Assert.Equal(expected, RuleHarness.Matches($"src {pattern}", new TestExchange { ClientAddress = IPAddress.Parse(client) }));

    [Theory]
    [InlineData("src_port 40000", true)]
    [InlineData("src_port 39999:40001", true)]
    [InlineData("src_port 40001:", false)]
    [InlineData("src_port 40000:", true)]
    [InlineData("src_port :40000", true)]
    [InlineData("src_port :39999", false)]
    [InlineData("src_port eq 40000", true)]
    [InlineData("src_port eq 4000", false)]
    [InlineData("src_port ge 40000", true)]
    [InlineData("src_port ge 40001", false)]
    [InlineData("src_port gt 40000", false)]
    [InlineData("src_port gt 39999", true)]
    [InlineData("src_port le 40000", true)]
    [InlineData("src_port le 39999", false)]
    [InlineData("src_port lt 40000", false)]
    [InlineData("src_port lt 40001", true)]
    [InlineData("src_port 1 2 40000", true)]
    [InlineData("src_port 80 lt 100 443", false)]
    [InlineData("src_port 80 gt 100", true)]
    [InlineData("hdr_val(x-num) 17", true)]
    [InlineData("hdr_val(x-num) gt 16", true)]
    [InlineData("hdr_val(x-num) lt 17", false)]
    [InlineData("hdr(x-num) -m int 10:20", true)]
    [InlineData("hdr_val(x-neg) -- -10:-1", true)]
    [InlineData("hdr_val(x-neg) \"-5\"", true)]
    [InlineData("hdr_val(x-neg) :-6", false)]
    [InlineData("hdr_val(x-neg) lt 0", true)]
    [InlineData("hdr_val(x-word) 0:", true)] // text without digits casts to 0, as in HAProxy
    [InlineData("hdr_val(x-word) :0", true)]
    [InlineData("hdr_cnt(x-forwarded-for) 2", true)]
    [InlineData("dst_port 8080", true)]
    [InlineData("urlp_val(debug) 1", true)]
    public void Int_MatchesNumbersAndRanges(string criterion, bool expected) => Check(criterion, expected);

    [Theory]
    [InlineData("hdr(x-empty) -m found", true)]
    [InlineData("hdr(x-missing) -m found", false)]
    [InlineData("url_param(debug) -m found", true)]
    [InlineData("url_param(debu) -m found", false)]
    [InlineData("query -m found", true)]
    [InlineData("cook(sid) -m found", true)]
    [InlineData("cook(other) -m found", false)]
    [InlineData("var(txn.none) -m found", false)]
    [InlineData("src -m found", true)]
    [InlineData("ssl_fc_sni -m found", false)]
    public void Found_MatchesAnyValue(string criterion, bool expected) => Check(criterion, expected);

    [Theory]
    [InlineData("path -m len 16", true)]
    [InlineData("path_len 16", true)]
    [InlineData("path_len 15", false)]
    [InlineData("path_len gt 10", true)]
    [InlineData("path_len 0:15", false)]
    [InlineData("hdr_len(x-empty) 0", true)]
    [InlineData("hdr_len(host) 15", true)]
    [InlineData("src -m len 10", true)]
    [InlineData("src_port -m len 5", true)]
    public void Len_MatchesTheLength(string criterion, bool expected) => Check(criterion, expected);

    [Theory]
    [InlineData("ssl_fc", false)]
    [InlineData("always_true", true)]
    [InlineData("always_false", false)]
    [InlineData("hdr(x-num) -m bool", true)]
    [InlineData("hdr(x-zero) -m bool", false)]
    [InlineData("hdr(x-word) -m bool", false)]
    [InlineData("hdr_cnt(x-missing) -m bool", false)]
    [InlineData("hdr_cnt(host) -m bool", true)]
    public void Bool_MatchesNonZero(string criterion, bool expected) => Check(criterion, expected);

    [Fact]
    public void Bool_SslFc_MatchesOnTls() =>
        Assert.True(RuleHarness.Matches("ssl_fc", new TestExchange { IsTls = true }));

    [Theory]
    [InlineData("req.hdr_beg(host) www", true)]
    [InlineData("req.hdr_cnt(x-forwarded-for) 2", true)]
    [InlineData("cook_sub(sid) sion4", true)]
    [InlineData("req.cook_end(sid) 42", true)]
    [InlineData("urlp(id) A7", true)]
    [InlineData("url_param_beg(id) A", true)]
    [InlineData("hdr_len(x-num) 2", true)]
    [InlineData("urlp_val(id) 7", false)]
    public void Shorthands_AndAliases_ResolveToFetchAndMethod(string criterion, bool expected) => Check(criterion, expected);

    private static void Check(string criterion, bool expected) =>
        Assert.Equal(expected, RuleHarness.Matches(criterion, Request()));
}
