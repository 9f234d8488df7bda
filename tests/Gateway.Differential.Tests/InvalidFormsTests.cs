using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;
using Gateway.Differential.Tests.Infrastructure;

namespace Gateway.Differential.Tests;

/// <summary>
/// Rules HAProxy 2.6 refuses (<c>haproxy -c</c>) must be refused by our validation, blaming the same
/// line; rules it loads (perhaps with a warning) must load here. Cases where we accept what HAProxy
/// refuses on purpose are marked with the reason.
/// </summary>
public sealed partial class InvalidFormsTests
{
    /// <summary>Rules text; the line HAProxy and we must blame; and, when we accept on purpose, why.</summary>
    public static TheoryData<string, int, string?> Refused => new()
    {
        { "http-request frobnicate", 1, null },
        { "acl a path -m nope x", 1, null },
        { "http-request deny if unknown_acl", 1, null },
        { "acl ok path /x\nhttp-request set-header x-a", 2, null },
        { "acl a hdr(host /x", 1, null },
        { "http-request deny deny_status abc", 1, null },
        { "http-request redirect location", 1, null },
        { "http-request redirect elsewhere /x", 1, null },
        { "http-request redirect location /x code 305", 1, null },
        { "http-request set-var(novar) path", 1, null },
        { "http-request set-header x-a %[nofetch]", 1, null },
        { "http-request set-header x-a %[path,noconv]", 1, null },
        { "http-request set-header x-a %[path", 1, null },
        { "http-request deny if { path /x", 1, null },
        { "http-request allow extra", 1, null },
        { "acl a path /x\nhttp-request set-status 200", 2, null },
        { "http-response set-query x", 1, null },
        { "http-request set-header x-a %[bool(maybe)]", 1, null },
        { "http-request return status 200 lf-string %[path]", 1, "A `return` or `deny` body without `content-type` is sent as `text/plain; charset=utf-8`; HAProxy refuses it" },
        { "http-request deny string nope", 1, "A `return` or `deny` body without `content-type` is sent as `text/plain; charset=utf-8`; HAProxy refuses it" },
        { "http-response set-header x-path %[path]", 1, "Request fetches (`path`, `hdr()`, `url_param()`…) can be read in http-response rules; HAProxy refuses them there" },
        { "http-response set-header x-host %[req.hdr(host)]", 1, "Request fetches (`path`, `hdr()`, `url_param()`…) can be read in http-response rules; HAProxy refuses them there" },
    };

    /// <summary>Rules HAProxy loads (with a warning) that we refuse on purpose, and why.</summary>
    public static TheoryData<string, string> RefusedByUsOnly => new()
    {
        { "tcp-request connection accept if { path /x }", "A fetch that cannot be read in a phase (`path` in `tcp-request connection`) is an error; HAProxy loads the rule with a warning and it never matches" },
    };

    /// <summary>Rules HAProxy loads, some with a warning; they must load here.</summary>
    public static TheoryData<string> Loaded => new()
    {
        "acl a path_beg",
        "http-request deny if",
        "http-request deny unless !",
        "acl a path /x\nhttp-request deny if a ||",
        "http-request deny if !{ path /x }",
        "acl a path --",
        "use_backend api if { path /a }\nhttp-request set-header x-late 1",
        "http-request redirect prefix /p append-slash set-cookie A=1",
        "http-request set-header x-a \"%[str()]\"",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Refused_ByBoth_OnTheSameLine(string rules, int line, string? differs)
    {
        var (valid, output) = await HaproxyFrontends.CheckAsync(Configuration(rules));
        Assert.False(valid, $"haproxy accepts:\n{rules}\n{output}");
        var blamed = HaproxyLines(output);
        Assert.Contains(line, blamed);

        var errors = Validate(rules);
        if (differs is not null)
        {
            Assert.True(errors.Count == 0, $"marked as accepted on purpose ({differs}) but refused: {string.Join("; ", errors)}");
            return;
        }

        Assert.True(errors.Count > 0, $"HAProxy refuses line {line}, we accept:\n{rules}\nhaproxy: {output}");
        Assert.Contains(line, errors.Select(e => e.Line ?? 0));
    }

    [Theory]
    [MemberData(nameof(Loaded))]
    public async Task Loaded_ByBoth(string rules)
    {
        var (valid, output) = await HaproxyFrontends.CheckAsync(Configuration(rules));
        Assert.True(valid, $"haproxy refuses:\n{rules}\n{output}");
        Assert.Empty(Validate(rules));
    }

    [Theory]
    [MemberData(nameof(RefusedByUsOnly))]
    public async Task Refused_ByUsOnly_OnPurpose(string rules, string why)
    {
        var (valid, output) = await HaproxyFrontends.CheckAsync(Configuration(rules));
        Assert.True(valid, $"haproxy now refuses it too ({why}): move the case to {nameof(Refused)}.\n{output}");
        Assert.NotEmpty(Validate(rules));
    }

    private static string Configuration(string rules) =>
        HaproxyFrontends.BuildConfiguration([("fe", rules, 1)], new Dictionary<string, int> { ["web"] = 2, ["api"] = 3, ["other"] = 4 });

    /// <summary>The rules lines HAProxy's alerts blame (its configuration line numbers, less the lines before the rules).</summary>
    private static List<int> HaproxyLines(string output) =>
        [.. AlertLine().Matches(output).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - HaproxyFrontends.FirstRulesLine + 1)];

    private static IReadOnlyList<ValidationError> Validate(string rules) => ConfigValidator.Validate(new GatewayConfig
    {
        Listeners = [new ListenerConfig { Id = "fe", Address = "127.0.0.1:0", DefaultCluster = "web", Rules = rules }],
        Clusters = [.. new[] { "web", "api", "other" }.Select(id => new ClusterConfig { Id = id, Servers = [new ServerConfig { Id = "s1", Address = "http://127.0.0.1:9" }] })],
    });

    [GeneratedRegex(@"\[ALERT\].*haproxy\.cfg:(\d+)\]")]
    private static partial Regex AlertLine();
}
