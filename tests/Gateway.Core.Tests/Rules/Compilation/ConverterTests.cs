using System.Net;
using System.Text.Json;
using Gateway.Core.Configuration;

namespace Gateway.Core.Tests.Rules.Compilation;

/// <summary>Every converter, applied to the whole X-In header line (req.fhdr keeps commas).</summary>
public class ConverterTests
{
    private static readonly MapConfig[] Maps =
    [
        new() { Id = "hosts", Entries = [new("example.com", "web"), new("api.example.com", "api")] },
        new() { Id = "prefixes", Entries = [new("/api/", "api"), new("/static/", "static")] },
        new() { Id = "suffixes", Entries = [new(".jpg", "static"), new(".php", "web")] },
        new() { Id = "patterns", Entries = [new("^/v[0-9]+/", "versioned"), new("^/admin", "admin")] },
        new() { Id = "networks", Entries = [new("10.0.0.0/8", "internal"), new("192.0.2.0/24", "test-net"), new("2001:db8::/32", "doc-v6")] },
    ];

    private static string? Convert(string input, string converters) =>
        RuleHarness.Value("req.fhdr(x-in)," + converters, new TestExchange(headers: ("X-In", input)), maps: Maps);

    [Theory]
    [InlineData("MiXeD Case", "lower", "mixed case")]
    [InlineData("already", "lower", "already")]
    [InlineData("MiXeD Case", "upper", "MIXED CASE")]
    [InlineData("MiXeD", "lower,upper", "MIXED")]
    [InlineData("hello", "base64", "aGVsbG8=")]
    [InlineData("", "base64", "")]
    [InlineData("aGVsbG8=", "b64dec", "hello")]
    [InlineData("héllo, wörld", "base64,b64dec", "héllo, wörld")]
    [InlineData("a%20b%2Fc+d", "url_dec", "a b/c+d")]
    [InlineData("a%20b%2Fc+d", "url_dec(1)", "a b/c d")]
    [InlineData("/p+q?x=a+b", "url_dec", "/p+q?x=a b")]
    [InlineData("/p+q?x=a+b", "url_dec(0)", "/p+q?x=a b")]
    [InlineData("plain", "url_dec", "plain")]
    [InlineData("a b/c?d=é", "url_enc", "a%20b%2Fc%3Fd%3D%C3%A9")]
    [InlineData("a b&c", "url_enc,url_dec", "a b&c")]
    [InlineData("héllo", "length", "5")]
    [InlineData("", "length", "0")]
    [InlineData("héllo", "upper,length", "5")]
    public void Value_TextConverter_Transforms(string input, string converters, string expected) =>
        Assert.Equal(expected, Convert(input, converters));

    [Theory]
    [InlineData("not base64!")]
    [InlineData("aGVsbG8")]
    public void Value_B64decOfInvalidInput_FailsTheConversion(string input)
    {
        Assert.Null(Convert(input, "b64dec"));
        Assert.False(RuleHarness.Matches("req.fhdr(x-in),b64dec -m found", new TestExchange(headers: ("X-In", input))));
    }

    [Theory]
    [InlineData("aaa", "regsub(a,b)", "baa")]
    [InlineData("aaa", "regsub(a,b,g)", "bbb")]
    [InlineData("xAa", "regsub(a,b)", "xAb")]
    [InlineData("xAa", "regsub(a,b,i)", "xba")]
    [InlineData("AaA", "regsub(a,b,gi)", "bbb")]
    [InlineData("AaA", "regsub(a,b,ig)", "bbb")]
    [InlineData("/api/v2/users", @"regsub(^/api/(v[0-9]+)/,/\1/)", "/v2/users")]
    [InlineData("john.smith", @"regsub(^([a-z]+)\.([a-z]+)$,\2-\1)", "smith-john")]
    [InlineData("a,b,c", @"regsub(\,,;,g)", "a;b;c")]
    [InlineData("cost", "regsub(cost,$5)", "$5")]
    [InlineData("none", "regsub(x,y)", "none")]
    [InlineData("/a//b///c", "regsub(/+,/,g)", "/a/b/c")]
    public void Value_Regsub_ReplacesFirstOrEveryMatch(string input, string converter, string expected) =>
        Assert.Equal(expected, Convert(input, converter));

    [Theory]
    [InlineData("192.0.2.10", "ipmask(24)", "192.0.2.0")]
    [InlineData("192.0.2.10", "ipmask(255.255.0.0)", "192.0.0.0")]
    [InlineData("192.0.2.10", "ipmask(32)", "192.0.2.10")]
    [InlineData("192.0.2.10", "ipmask(0)", "0.0.0.0")]
    [InlineData("192.0.2.10", "ipmask(24,64)", "192.0.2.0")]
    [InlineData("2001:db8:1:2:3:4:5:6", "ipmask(24,64)", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2:3:4:5:6", "ipmask(24,32)", "2001:db8::")]
    [InlineData("2001:db8::1", "ipmask(24)", "2001:db8::1")]
    [InlineData("::ffff:192.0.2.10", "ipmask(16)", "192.0.0.0")]
    public void Value_IpMask_MasksTheClientAddress(string client, string converter, string expected) =>
        Assert.Equal(expected, RuleHarness.Value("src," + converter, new TestExchange { ClientAddress = IPAddress.Parse(client) }));

    [Fact]
    public void Value_IpMask_ParsesTextAndFailsOnWhatIsNotAnAddress()
    {
        Assert.Equal("10.0.0.0", Convert("10.1.2.3", "ipmask(8)"));
        Assert.Null(Convert("not-an-address", "ipmask(8)"));
        Assert.False(RuleHarness.Matches("req.fhdr(x-in),ipmask(8) -m found", new TestExchange(headers: ("X-In", "nope"))));
    }

    [Theory]
    [InlineData("api.example.com", "map(hosts)", "api")]
    [InlineData("example.com", "map_str(hosts)", "web")]
    [InlineData("other.example.com", "map(hosts)", null)]
    [InlineData("other.example.com", "map(hosts,fallback)", "fallback")]
    [InlineData("API.example.com", "map_str(hosts,none)", "none")]
    [InlineData("API.example.com", "lower,map_str(hosts,none)", "api")]
    [InlineData("/api/users", "map_beg(prefixes)", "api")]
    [InlineData("/static/a.css", "map_beg(prefixes,web)", "static")]
    [InlineData("/apix", "map_beg(prefixes)", null)]
    [InlineData("/apix", "map_beg(prefixes,web)", "web")]
    [InlineData("/img/a.jpg", "map_end(suffixes)", "static")]
    [InlineData("/index.php", "map_end(suffixes,x)", "web")]
    [InlineData("/a.jpeg", "map_end(suffixes)", null)]
    [InlineData("/v12/items", "map_reg(patterns)", "versioned")]
    [InlineData("/admin/users", "map_reg(patterns)", "admin")]
    [InlineData("/user/admin", "map_reg(patterns)", null)]
    [InlineData("/user/admin", "map_reg(patterns,public)", "public")]
    [InlineData("10.20.30.40", "map_ip(networks)", "internal")]
    [InlineData("2001:db8::5", "map_ip(networks)", "doc-v6")]
    [InlineData("172.16.0.1", "map_ip(networks)", null)]
    [InlineData("172.16.0.1", "map_ip(networks,external)", "external")]
    [InlineData("not an address", "map_ip(networks,external)", "external")]
    public void Value_Map_LooksUpTheKeyWithOrWithoutDefault(string input, string converters, string? expected) =>
        Assert.Equal(expected, Convert(input, converters));

    [Fact]
    public void Value_MapIp_ReadsAnAddressSample() =>
        Assert.Equal("test-net", RuleHarness.Value("src,map_ip(networks)", new TestExchange(), maps: Maps));

    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" and backslash \\")]
    [InlineData("tab\there")]
    [InlineData("</script>&'")]
    [InlineData("héllo €")]
    [InlineData("\u0001\u001f")]
    public void Value_Json_EscapesForAJsonString(string input)
    {
        foreach (var converter in new[] { "json", "json(utf8)", "json(ascii)" })
        {
            var output = Convert(input, converter);
            Assert.NotNull(output);
            Assert.Equal(input, JsonSerializer.Deserialize<string>("\"" + output + "\""));
            Assert.DoesNotContain(output, c => c < ' ');
        }
    }

    [Fact]
    public void Value_UrlDec_DecodesLineBreaks() =>
        Assert.Equal("a\r\nb\0", RuleHarness.Value("url_param(v),url_dec", new TestExchange(url: "/?v=a%0d%0ab%00")));

    [Fact]
    public void Value_Length_CountsAnAddressAsText() =>
        Assert.Equal("10", RuleHarness.Value("src,length", new TestExchange()));
}
