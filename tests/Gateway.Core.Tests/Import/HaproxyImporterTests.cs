using Gateway.Core.Configuration;
using Gateway.Core.Import.Haproxy;

namespace Gateway.Core.Tests.Import;

public sealed class HaproxyImporterTests
{
    /// <summary>A configuration in the style of HAProxy's documentation examples (section 2 and the http-request examples).</summary>
    private const string Example = """
        global
            maxconn 4096
            log /dev/log local0

        defaults
            mode http
            timeout connect 5s
            timeout client 30s
            timeout server 30s
            option httplog
            option redispatch
            retries 2

        frontend www
            bind :80
            bind 127.0.0.1:8443 accept-proxy
            maxconn 1000
            acl is_api path_beg /api/
            acl is_static path_end .css .js .png
            acl blocked src 192.0.2.0/24
            http-request deny if blocked
            http-request set-header X-Forwarded-Proto http
            http-request frobnicate
            http-response set-header X-Frame-Options DENY
            use_backend api if is_api
            use_backend static if is_static
            default_backend web
            capture request header Host len 32

        backend web
            balance roundrobin
            option httpchk GET /health
            default-server inter 3s rise 3 fall 2
            server web1 10.0.0.11:8080 check weight 10 maxconn 100
            server web2 10.0.0.12:8080 check backup

        backend api
            balance leastconn
            cookie SRV insert indirect nocache
            option http-buffer-request
            timeout server 1m
            http-request set-header X-Api 1
            server api1 10.0.1.1:9000 send-proxy
            server api2 [2001:db8::1]:9000 disabled

        backend static
            server s1 10.0.2.1:80

        listen db
            mode tcp
            bind 127.0.0.1:5432
            balance first
            server pg1 10.0.3.1:5432 check inter 10s

        userlist admins
            user admin password x
        """;

    [Fact]
    public void Import_DocumentationExample_ConvertsProxiesAndReportsTheRest()
    {
        var result = HaproxyImporter.Import(Example);
        Assert.Empty(result.Errors);
        var document = result.Document;

        Assert.Equal(["www", "www-2", "db"], document.Listeners.Select(l => l.Id));
        var www = document.Listeners[0];
        Assert.Equal(("*:80", 1000, "web", ListenerMode.Http), (www.Address, www.MaxConnections, www.DefaultCluster, www.Mode));
        Assert.True(document.Listeners[1].AcceptProxy);
        Assert.DoesNotContain("frobnicate", www.Rules, StringComparison.Ordinal);
        Assert.Contains("use_backend api if is_api", www.Rules, StringComparison.Ordinal);
        Assert.Equal(www.Rules, document.Listeners[1].Rules);

        var web = document.Clusters.Single(c => c.Id == "web");
        Assert.Equal(LoadBalancingNames.RoundRobin, web.LoadBalancing);
        Assert.Equal(("/health", TimeSpan.FromSeconds(3), 3, 2), (web.HealthCheck!.Path, web.HealthCheck.Interval, web.HealthCheck.Rise, web.HealthCheck.Fall));
        Assert.Equal([("http://10.0.0.11:8080/", 10, 100, false), ("http://10.0.0.12:8080/", 1, (int?)null, true)],
            web.Servers.Select(s => (s.Address, s.Weight, s.MaxConnections, s.Backup)));
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), 2, true), (web.ConnectTimeout!.Value, web.ActivityTimeout!.Value, web.Retry.Count, web.Retry.Redispatch));

        var api = document.Clusters.Single(c => c.Id == "api");
        Assert.Equal((LoadBalancingNames.LeastRequests, "SRV", SendProxy.V1, TimeSpan.FromMinutes(1)), (api.LoadBalancing, api.StickyCookie, api.SendProxy, api.ActivityTimeout!.Value));
        Assert.True(api.BufferRequestBody);
        Assert.False(document.Clusters.Single(c => c.Id == "web").BufferRequestBody);
        Assert.Equal(["http://10.0.1.1:9000/", "http://[2001:db8::1]:9000/"], api.Servers.Select(s => s.Address));
        Assert.Equal(ServerState.Maintenance, api.Servers[1].State);
        Assert.Equal("http-request set-header X-Api 1", api.Rules);

        var db = document.Listeners.Single(l => l.Id == "db");
        Assert.Equal((ListenerMode.Tcp, "db", "127.0.0.1:5432"), (db.Mode, db.DefaultCluster, db.Address));
        var dbCluster = document.Clusters.Single(c => c.Id == "db");
        Assert.Equal(("tcp://10.0.3.1:5432", LoadBalancingNames.First, (string?)null), (dbCluster.Servers[0].Address, dbCluster.LoadBalancing, dbCluster.HealthCheck!.Path));

        var notConverted = result.NotConverted.ToDictionary(n => n.Text, n => n.Reason);
        Assert.Contains("Unknown action 'frobnicate'", notConverted["http-request frobnicate"], StringComparison.Ordinal);
        Assert.Contains("Logging", notConverted["option httplog"], StringComparison.Ordinal);
        Assert.Contains("userlist", notConverted["userlist admins"], StringComparison.Ordinal);
        Assert.Contains("Part of a 'userlist' section", notConverted["user admin password x"], StringComparison.Ordinal);
        Assert.Contains("Logging", notConverted["capture request header Host len 32"], StringComparison.Ordinal);
        Assert.Empty(result.Warnings);
        Assert.Equal(23, result.NotConverted.Single(n => n.Text == "http-request frobnicate").Line);
    }

    [Fact]
    public void Import_HttpTimeouts_BecomeTheListenersKeepAliveAndHeaderTimeouts_InHaproxysOrder()
    {
        var result = HaproxyImporter.Import("""
            defaults
                mode http
                timeout client 30s
                timeout http-request 10s
            frontend both
                bind :80
                timeout http-keep-alive 2s
                default_backend web
            frontend request-only
                bind :81
                default_backend web
            frontend long-request
                bind :82
                timeout http-request 20m
                default_backend web
            frontend bad
                bind :83
                timeout http-keep-alive soon
                default_backend web
            frontend raw
                mode tcp
                bind :84
                default_backend db
            backend web
                server w 10.0.0.1:80
            backend db
                mode tcp
                server d 10.0.0.2:5432
            """);
        Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}")));
        var listeners = result.Document.Listeners.ToDictionary(l => l.Id);
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)), (listeners["both"].IdleTimeout, listeners["both"].RequestHeaderTimeout));
        // No http-keep-alive: HAProxy waits http-request between requests.
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)), (listeners["request-only"].IdleTimeout, listeners["request-only"].RequestHeaderTimeout));
        // 20 minutes is beyond what a listener's header timeout takes: kept at the default, and said so; the keep-alive wait follows it as HAProxy's would.
        Assert.Null(listeners["long-request"].RequestHeaderTimeout);
        Assert.Equal(TimeSpan.FromMinutes(20), listeners["long-request"].IdleTimeout);
        Assert.Contains(result.NotConverted, n => n.Text.Contains("frontend long-request", StringComparison.Ordinal) && n.Reason.Contains("timeout http-request", StringComparison.Ordinal));
        Assert.Contains(result.NotConverted, n => n.Text.Trim() == "timeout http-keep-alive soon" && n.Reason.Contains("not a duration", StringComparison.Ordinal));
        Assert.Equal((TimeSpan.FromSeconds(30), (TimeSpan?)null), (listeners["raw"].IdleTimeout, listeners["raw"].RequestHeaderTimeout));
        Assert.Empty(Gateway.Core.Validation.ConfigValidator.Validate(result.Document));
    }

    [Fact]
    public void Import_LenientHaproxyForms_LoadWithTheirWarnings()
    {
        var result = HaproxyImporter.Import("""
            frontend fe
                bind :80
                acl nopattern hdr(x-a)
                use_backend web if { path /w }
                http-request set-header x-late 1
                default_backend web
            backend web
                server w 10.0.0.1:80
            """);
        Assert.Empty(result.Errors);
        Assert.Empty(result.NotConverted);
        Assert.Equal(["listeners[fe].rules"], result.Warnings.Select(w => w.Path).Distinct());
        Assert.Equal([1, 3], result.Warnings.Select(w => w.Line ?? 0).Order());
    }

    [Fact]
    public void Import_DebiansShippedConfiguration_HasNoProxyAndSaysWhyForEveryLine()
    {
        // Debian's /etc/haproxy/haproxy.cfg: global and defaults only.
        var text = File.Exists("/etc/haproxy/haproxy.cfg") ? File.ReadAllText("/etc/haproxy/haproxy.cfg") : DebianDefault;
        var result = HaproxyImporter.Import(text);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Document.Listeners);
        var meaningful = text.Split('\n').Select((l, i) => (Line: i + 1, Text: l.Trim()))
            .Where(l => l.Text.Length > 0 && !l.Text.StartsWith('#'))
            .Where(l => l.Text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[0] is not ("defaults" or "mode" or "timeout")) // applied to the proxies after them
            .Select(l => l.Line);
        var reported = result.NotConverted.Select(n => n.Line).ToHashSet();
        Assert.Equal([], meaningful.Except(reported)); // every other line is reported
        Assert.All(result.NotConverted, n => Assert.False(string.IsNullOrWhiteSpace(n.Reason)));
    }

    private const string DebianDefault = """
        global
        	log /dev/log	local0
        	chroot /var/lib/haproxy
        	user haproxy
        	daemon
        defaults
        	log	global
        	mode	http
        	option	httplog
        	timeout connect 5000
        	errorfile 400 /etc/haproxy/errors/400.http
        """;

    [Fact]
    public void Import_MapFilesAndCertificates_AreReadOnlyWhereAllowed()
    {
        using var directory = new TempFolder();
        File.WriteAllText(Path.Combine(directory.Path, "hosts.map"), "# hosts\nexample.com api\nwww.example.com   web\n");
        var text = $"""
            frontend fe
                bind :8080
                use_backend %[req.hdr(host),lower,map({directory.Path}/hosts.map,web)]
                use_backend %[req.hdr(host),map(/etc/shadow,web)]
                default_backend web
            backend web
                server w 10.0.0.1:80
            backend api
                server a 10.0.0.2:80
            """;

        var result = HaproxyImporter.Import(text, new HaproxyImportOptions { ReadFile = HaproxyImportOptions.FilesUnder(directory.Path) });
        var map = Assert.Single(result.Document.Maps);
        Assert.Equal("hosts", map.Id);
        Assert.Equal([new MapEntry("example.com", "api"), new MapEntry("www.example.com", "web")], map.Entries);
        Assert.Contains("map(hosts,web)", result.Document.Listeners[0].Rules, StringComparison.Ordinal);
        Assert.Contains(result.NotConverted, n => n.Line == 4 && n.Reason.Contains("/etc/shadow", StringComparison.Ordinal));
        Assert.Empty(result.Errors);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("import-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
