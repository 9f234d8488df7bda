using System.Net;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Tests.Rules.Compilation;

/// <summary>Big rule sets evaluated through indexes do exactly what the same rules do one by one.</summary>
public class RuleIndexEquivalenceTests
{
    private static readonly string[] Clusters = ["api", "web", "static"];

    private static Func<TestExchange> Request(string method = "GET", string url = "/", string? client = null, params (string, string)[] headers) =>
        () => new TestExchange(method, url, headers) { ClientAddress = IPAddress.Parse(client ?? "192.0.2.10") };

    private static string Lines(int count, Func<int, string> line) =>
        string.Join('\n', Enumerable.Range(0, count).Select(line));

    [Fact]
    public void ExactHosts_IgnoringCase()
    {
        var rules = Lines(40, i => i % 3 == 0
            ? $"http-request use-backend {Clusters[i % 3]} if {{ req.hdr(host) -i Host{i % 25}.Example.com }}"
            : $"http-request return status {200 + i} if {{ req.hdr(host) -i host{i % 25}.example.com www{i}.example.com }}");
        var indexed = IndexEquivalence.AssertSameAsOneByOne(rules,
        [
            Request(headers: ("Host", "host3.example.com")),
            Request(headers: ("Host", "HOST7.EXAMPLE.COM")),
            Request(headers: ("Host", "host0.example.com")),
            Request(headers: ("Host", "www38.example.com")),
            Request(headers: ("Host", "host3.example.com:8080")),
            Request(headers: ("Host", "unknown.example.com")),
            Request(),
        ]);
        Assert.Equal(40, indexed);
    }

    [Fact]
    public void ExactHosts_CaseMatters()
    {
        var rules = "acl shop req.hdr(host) Shop.example.com\n" + Lines(12, i => $"http-request return status {200 + i} if {{ req.hdr(host) -m str h{i}.example.com H{i}.example.com }}") + "\nhttp-request deny if shop";
        Assert.True(IndexEquivalence.AssertSameAsOneByOne(rules,
        [
            Request(headers: ("Host", "h4.example.com")),
            Request(headers: ("Host", "H4.example.com")),
            Request(headers: ("Host", "h4.EXAMPLE.com")),
            Request(headers: ("Host", "Shop.example.com")),
            Request(headers: ("Host", "shop.example.com")),
        ]) >= 12);
    }

    [Fact]
    public void PathPrefixes_Nested()
    {
        var prefixes = new[] { "/", "/a", "/a/", "/a/b", "/a/b/c", "/ab", "/api", "/api/v1", "/api/v2", "/static", "/static/img", "" };
        var rules = new StringBuilder();
        for (var i = 0; i < prefixes.Length; i++)
        {
            rules.Append($"http-request use-backend {Clusters[i % 3]} if {{ path_beg \"{prefixes[i]}\" }}\n");
        }

        rules.Append("http-request return status 299 if { path_beg -i /API/V2 /STATIC/IMG/ }\n");
        rules.Append("http-request deny if { path -m beg /a/b/c/d }");
        var indexed = IndexEquivalence.AssertSameAsOneByOne(rules.ToString(),
            [.. new[] { "/", "/a", "/a/b/c/d/e", "/ab/x", "/api/v2/users", "/API/V2/users", "/static/img/x.png", "/other", "/a/b" }.Select(p => Request(url: p))]);
        Assert.Equal(prefixes.Length, indexed); // the use-backend rules run (and are indexed) apart from the 2 others
    }

    [Fact]
    public void PathSuffixes_WithAndWithoutCase()
    {
        var suffixes = new[] { ".jpg", ".jpeg", ".png", ".css", ".js", ".min.js", "s", ".html", "/", "x.jpg" };
        var rules = Lines(suffixes.Length, i => $"http-request use-backend {Clusters[i % 3]} if {{ path_end {suffixes[i]} }}")
            + "\n" + Lines(6, i => $"http-request return status {230 + i} if {{ path -i -m end {suffixes[i].ToUpperInvariant()} }}");
        var indexed = IndexEquivalence.AssertSameAsOneByOne(rules,
            [.. new[] { "/a.jpg", "/b.JPG", "/c.min.js", "/d.JS", "/dir/", "/e.html", "/x.jpg", "/f.txt", "/g.CSS" }.Select(p => Request(url: p))]);
        Assert.Equal(suffixes.Length, indexed); // the use-backend rules run (and are indexed) apart; the 6 returns are too few to index
    }

    [Fact]
    public void SourceNetworks_IPv4IPv6AndMapped()
    {
        var networks = new[] { "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3", "192.0.2.0/24", "0.0.0.0/0", "2001:db8::/32", "2001:db8:1::/48", "::1", "::/0", "::ffff:198.51.100.0/120", "198.51.100.7/255.255.255.255" };
        var rules = Lines(networks.Length, i => $"http-request use-backend {Clusters[i % 3]} if {{ src {networks[i]} }}")
            + "\nacl internal src 10.0.0.0/8 192.168.0.0/16\n"
            + Lines(8, i => $"http-request return status {240 + i} if {{ src 10.{i}.0.0/16 }} || internal");
        var clients = new[] { "10.1.2.3", "10.1.9.9", "10.3.4.5", "192.0.2.10", "198.51.100.7", "::ffff:198.51.100.8", "::ffff:10.1.2.3", "2001:db8:1::5", "2001:db8:2::5", "::1", "203.0.113.1", "192.168.1.1" };
        var indexed = IndexEquivalence.AssertSameAsOneByOne(rules, [.. clients.Select(c => Request(client: c))]);
        Assert.Equal(networks.Length + 8, indexed);
    }

    [Fact]
    public void HeaderValues_EveryCommaSeparatedValueIsLookedUp()
    {
        var rules = Lines(16, i => i % 2 == 0
            ? $"http-request use-backend {Clusters[i % 3]} if {{ hdr(x-tenant) t{i} }}"
            : $"http-request return status {200 + i} if {{ hdr(x-tenant) -m beg p{i}- }} || {{ req.cook(tier) gold{i} }}");
        var indexed = IndexEquivalence.AssertSameAsOneByOne(rules,
        [
            Request(headers: ("X-Tenant", "t4, t2")),
            Request(headers: [("X-Tenant", "t6"), ("X-Tenant", "zz, p7-x")]),
            Request(headers: ("Cookie", "a=1; tier=gold9")),
            Request(headers: ("X-Tenant", "T4")),
            Request(),
        ]);
        Assert.Equal(16, indexed);
    }

    [Fact]
    public void Mixed_InterleavedWithUnindexableAndMutatingRules()
    {
        const string rules = """
            acl api_host req.hdr(host) -i api.example.com
            acl api_host req.hdr(host) -i api.example.org
            acl assets path_end .css .js
            acl admin path_beg /admin
            acl office src 192.0.2.0/24
            http-request use-backend api if api_host
            http-request use-backend static if assets
            http-request use-backend web if { path_beg /web }
            http-request set-var(txn.seen) path if { path_sub seen }
            http-request use-backend web if { path_beg /w }
            http-request use-backend api if { src 198.51.100.0/24 }
            http-request return status 251 if { req.hdr(x-key) k1 k2 }
            http-request return status 252 if admin !office
            http-request use-backend static if { path_reg ^/s[0-9]+ }
            http-request return status 253 unless { method GET HEAD POST }
            http-request use-backend web if { path_end .html }
            http-request return status 254 if { path /exact } || { req.hdr(x-key) k3 }
            http-request use-backend api if office
            http-request set-header X-Key k1 if { path_beg /rewrite }
            http-request set-header X-Marker 1
            http-request return status 255 if { req.hdr(x-key) k1 }
            http-request return status 256 if { path_beg /admin/x }
            http-request use-backend web if { path_end .php }
            http-request use-backend static if { src 10.0.0.0/8 }
            http-request return status 257 if { req.hdr(host) -m str exact.example.com }
            http-request deny if { path_beg /deny }
            http-request return status 258 if assets
            http-request return status 259 if { path -m beg -i /CASE }
            http-request set-path /moved%[path] if { path_beg /move }
            http-request return status 260 if { path_beg /moved/ }
            http-request return status 261 if { path_beg /move }
            http-request use-backend api if { var(txn.seen) -m found }
            http-request return status 262 if { path_end /end }
            http-request return status 263 if { src 203.0.113.0/24 }
            http-request return status 264 if { req.hdr(x-key) k9 }
            http-request return status 265 if { path_beg /z }
            http-request return status 266 if { path_end .z }
            http-request return status 267 if { path_beg /y }
            http-request allow if { path_beg /allow }
            http-request return status 268 if { path_beg /allowed }
            """;

        var indexed = IndexEquivalence.AssertSameAsOneByOne(rules,
        [
            Request(headers: ("Host", "API.example.com")),
            Request(url: "/web/page.html", headers: ("Host", "api.example.org")),
            Request(url: "/a.css"),
            Request(url: "/rewrite/x"),
            Request(url: "/rewrite/x", headers: ("X-Key", "k2")),
            Request(url: "/admin/x", client: "203.0.113.9"),
            Request(url: "/admin/x"),
            Request("DELETE", "/w"),
            Request(url: "/exact"),
            Request(url: "/s12/seen"),
            Request(url: "/move/it"),
            Request(url: "/CaSe/x", client: "10.0.0.1"),
            Request(url: "/x.php", client: "198.51.100.3"),
            Request(url: "/allowed"),
            Request(url: "/deny", headers: ("Host", "exact.example.com")),
            Request(url: "/q/end", client: "2001:db8::1"),
            Request(url: "/y.z", headers: ("X-Key", "k9")),
        ]);
        Assert.True(indexed >= 16, $"only {indexed} rules were indexed");
    }

    [Fact]
    public void ShortRuns_AreNotIndexed()
    {
        var rules = RuleHarness.Compile(Lines(RuleCompiler.MinimumIndexedRun - 1, i => $"http-request use-backend api if {{ path /p{i} }}"));
        Assert.Equal(0, rules.IndexedRuleCount);
        rules = RuleHarness.Compile(Lines(RuleCompiler.MinimumIndexedRun, i => $"http-request use-backend api if {{ path /p{i} }}"));
        Assert.Equal(RuleCompiler.MinimumIndexedRun, rules.IndexedRuleCount);
    }

    [Fact]
    public void MutatingRules_SplitRuns()
    {
        var run = Lines(RuleCompiler.MinimumIndexedRun - 1, i => $"http-request return status 20{i} if {{ path /p{i} }}");
        var rules = RuleHarness.Compile(run + "\nhttp-request set-header X 1\n" + run);
        Assert.Equal(0, rules.IndexedRuleCount);
        rules = RuleHarness.Compile(run + "\nhttp-request set-header X 1 if { path /x }\n" + run);
        Assert.Equal(RuleCompiler.MinimumIndexedRun, rules.IndexedRuleCount);
    }

    [Fact]
    public void ResponseRules_AreIndexedToo()
    {
        var rules = Lines(10, i => $"http-response deny deny_status {500 + i} if {{ res.hdr(content-type) -m beg type{i}/ }}")
            + "\nhttp-response set-header X-Seen %[res.hdr(content-type)]\n"
            + Lines(10, i => $"http-response redirect location /e{i} if {{ res.hdr(x-err) e{i} }} || {{ res.hdr(x-seen) -m end /e{i} }}");
        Func<TestExchange> Response(string type, string? error = null) => () =>
        {
            var exchange = new TestExchange();
            exchange.ResponseHeaders.AddValue("Content-Type", type);
            if (error is not null)
            {
                exchange.ResponseHeaders.AddValue("X-Err", error);
            }

            return exchange;
        };

        var indexed = IndexEquivalence.AssertSameAsOneByOne(rules, [Response("type3/x"), Response("type9/x", "e4"), Response("text/html"), Response("type1", "e9"), Response("x/e7")], RulePhase.HttpResponse);
        Assert.Equal(20, indexed);
    }

    [Fact]
    public void ConnectionRules_AreIndexedToo()
    {
        var networks = new[] { "10.0.0.0/8", "10.1.0.0/16", "192.0.2.0/24", "2001:db8::/32", "::1", "198.51.100.0/24", "203.0.113.7", "0.0.0.0/0" };
        var rules = "acl blocked src 198.51.100.0/24 203.0.113.0/24\n"
            + Lines(networks.Length, i => i % 2 == 0 ? $"tcp-request connection accept if {{ src {networks[i]} }} || blocked" : $"tcp-request connection reject if {{ src {networks[i]} }}")
            + "\ntcp-request connection set-var(sess.seen) src\n"
            + Lines(9, i => $"tcp-request connection {(i % 3 == 0 ? "reject" : "accept")} if {{ var(sess.seen) -m ip {networks[(i + 3) % networks.Length]} }}");
        var clients = new[] { "10.1.2.3", "10.2.0.1", "192.0.2.10", "2001:db8::9", "::1", "198.51.100.7", "203.0.113.7", "203.0.113.8", "172.16.0.1" };
        var indexed = IndexEquivalence.AssertSameAsOneByOne(rules, [.. clients.Select(c => Request(client: c))], RulePhase.TcpConnection);
        Assert.Equal(17, indexed);
    }

    [Fact]
    public void Trace_ListsFiredAndSkippedRules_WithTheIndexLookup()
    {
        var rules = RuleHarness.Compile(Lines(10, i => $"http-request use-backend {Clusters[i % 3]} if {{ path_beg /p{i} }}"));
        Assert.Equal(10, rules.IndexedRuleCount);
        var trace = new RuleTrace();
        rules.Run(RulePhase.HttpRequest, new RuleSession(new TestExchange(url: "/p1x"), trace));

        var entries = trace.Entries.Where(e => e.Kind != TraceEntryKind.Acl).ToList();
        Assert.Equal(Enumerable.Range(1, 10), entries.Select(e => e.Line));
        Assert.Equal([2], entries.Where(e => e.Kind == TraceEntryKind.RuleFired).Select(e => e.Line));
        Assert.Contains("found by index lookup", entries[1].Detail, StringComparison.Ordinal);
        Assert.Contains("cluster 'web'", entries[1].Detail, StringComparison.Ordinal);
        Assert.Equal("http-request use-backend web if { path -m beg /p1 }", entries[1].Subject);
        Assert.All(entries.Where(e => e.Kind == TraceEntryKind.RuleSkipped), e => Assert.Contains("condition is false", e.Detail, StringComparison.Ordinal));
        Assert.Contains("path = \"/p1x\"", entries[0].Detail, StringComparison.Ordinal);
    }
}
