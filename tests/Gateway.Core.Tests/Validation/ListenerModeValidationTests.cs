using Gateway.Core.Configuration;
using Gateway.Core.Tests.Certificates;
using Gateway.Core.Validation;

namespace Gateway.Core.Tests.Validation;

public class ListenerModeValidationTests
{
    private static readonly PemPair SitePem = PemPair.Create("example.com");

    private static readonly GatewayConfig Valid = new()
    {
        Listeners =
        [
            new() { Id = "web", Address = "127.0.0.1:8080", DefaultCluster = "site" },
            new() { Id = "pg", Address = "127.0.0.1:5432", Mode = ListenerMode.Tcp, DefaultCluster = "db", IdleTimeout = TimeSpan.FromMinutes(30), AcceptProxy = true, Rules = "tcp-request connection reject if { src 10.0.0.0/8 }" },
        ],
        Routes = [new() { Id = "api", Cluster = "site", Path = "/api/{**rest}", Listeners = ["web"] }],
        Clusters =
        [
            new() { Id = "site", ConnectTimeout = TimeSpan.FromSeconds(2), SendProxy = SendProxy.V1, Servers = [new() { Id = "s1", Address = "http://10.0.0.1:8080/" }] },
            new() { Id = "db", LoadBalancing = "least-requests", SendProxy = SendProxy.V2, Servers = [new() { Id = "d1", Address = "tcp://10.0.0.2:5432" }, new() { Id = "d2", Address = "tcp://db.internal:5432" }, new() { Id = "d3", Address = "tcp://[2001:db8::1]:5432" }] },
            new() { Id = "none" },
        ],
    };

    [Fact]
    public void Validate_TcpAndHttpListenersWithTheirClusters_NoErrors() => Assert.Empty(ConfigValidator.Validate(Valid));

    [Fact]
    public void Validate_EmptyClusterServesEitherMode() =>
        Assert.Empty(ConfigValidator.Validate(Valid with { Listeners = [Valid.Listeners[0] with { DefaultCluster = "none" }, Valid.Listeners[1] with { DefaultCluster = "none" }] }));

    public static TheoryData<string, GatewayConfig, string, string> Invalid => new()
    {
        { "tcp listener without cluster", Valid with { Listeners = [Valid.Listeners[0], Valid.Listeners[1] with { DefaultCluster = null }] }, "listeners[pg].defaultCluster", "A TCP listener needs a default cluster" },
        { "default cluster missing", Valid with { Listeners = [Valid.Listeners[0] with { DefaultCluster = "sight" }, Valid.Listeners[1]] }, "listeners[web].defaultCluster", "Cluster 'sight' does not exist; create it or name one of: 'db', 'none', 'site'" },
        { "tcp listener to http cluster", Valid with { Listeners = [Valid.Listeners[0], Valid.Listeners[1] with { DefaultCluster = "site" }] }, "listeners[pg].defaultCluster", "has http(s) servers; a TCP listener forwards to servers written tcp://host:port" },
        { "http listener to tcp cluster", Valid with { Listeners = [Valid.Listeners[0] with { DefaultCluster = "db" }, Valid.Listeners[1]] }, "listeners[web].defaultCluster", "only TCP listeners can use" },
        { "route bound to tcp listener", Valid with { Routes = [Valid.Routes[0] with { Listeners = ["web", "pg"] }] }, "routes[api].listeners[1]", "is a TCP listener" },
        { "route to tcp cluster", Valid with { Routes = [Valid.Routes[0] with { Cluster = "db" }] }, "routes[api].cluster", "has tcp:// servers" },
        { "http rules on tcp listener", Valid with { Listeners = [Valid.Listeners[0], Valid.Listeners[1] with { Rules = "tcp-request connection reject if { src 10.0.0.0/8 }\nhttp-request deny" }] }, "listeners[pg].rules", "its http-request rules would never run" },
        { "use-backend to tcp cluster", Valid with { Routes = [Valid.Routes[0] with { Rules = "http-request use-backend db if { path_beg /x }" }] }, "routes[api].rules", "use-backend names cluster 'db', whose servers are tcp://" },
        { "mixed servers", Valid with { Clusters = [Valid.Clusters[0] with { Servers = [.. Valid.Clusters[0].Servers, new() { Id = "t", Address = "tcp://10.0.0.3:80" }] }, Valid.Clusters[1], Valid.Clusters[2]] }, "clusters[site].servers", "either all tcp://" },
        { "tcp address without port", Valid with { Clusters = [Valid.Clusters[0], Valid.Clusters[1] with { Servers = [new() { Id = "d1", Address = "tcp://10.0.0.2" }] }, Valid.Clusters[2]] }, "clusters[db].servers[d1].address", "is not a TCP server address" },
        { "tcp address with path", Valid with { Clusters = [Valid.Clusters[0], Valid.Clusters[1] with { Servers = [new() { Id = "d1", Address = "tcp://10.0.0.2:5432/db" }] }, Valid.Clusters[2]] }, "clusters[db].servers[d1].address", "nothing after it" },
        { "tcp address port zero", Valid with { Clusters = [Valid.Clusters[0], Valid.Clusters[1] with { Servers = [new() { Id = "d1", Address = "tcp://10.0.0.2:0" }] }, Valid.Clusters[2]] }, "clusters[db].servers[d1].address", "from 1 to 65535" },
        { "zero idle timeout", Valid with { Listeners = [Valid.Listeners[0], Valid.Listeners[1] with { IdleTimeout = TimeSpan.Zero }] }, "listeners[pg].idleTimeout", "longer than zero and at most seven days" },
        { "zero connect timeout", Valid with { Clusters = [Valid.Clusters[0] with { ConnectTimeout = TimeSpan.Zero }, Valid.Clusters[1], Valid.Clusters[2]] }, "clusters[site].connectTimeout", "longer than zero and at most ten minutes" },
        { "undefined mode", Valid with { Listeners = [Valid.Listeners[0] with { Mode = (ListenerMode)7 }, Valid.Listeners[1]] }, "listeners[web].mode", "http or tcp" },
        { "certificates on tcp listener", WithCertificate(Valid with { Listeners = [Valid.Listeners[0], Valid.Listeners[1] with { Certificates = ["site"] }] }), "listeners[pg].certificates", "forwards the connection's bytes untouched, TLS included" },
        { "strict sni on tcp listener", Valid with { Listeners = [Valid.Listeners[0], Valid.Listeners[1] with { StrictSni = true }] }, "listeners[pg].strictSni", "never reads the SNI" },
        { "http2 on tcp listener", Valid with { Listeners = [Valid.Listeners[0], Valid.Listeners[1] with { Protocols = ListenerProtocols.Http2 }] }, "listeners[pg].protocols", "does not speak HTTP" },
        { "http3 on tcp listener", Valid with { Listeners = [Valid.Listeners[0], Valid.Listeners[1] with { Protocols = ListenerProtocols.Http1 | ListenerProtocols.Http3 }] }, "listeners[pg].protocols", "does not speak HTTP" },
        { "health check path on tcp cluster", Valid with { Clusters = [Valid.Clusters[0], Valid.Clusters[1] with { HealthCheck = new() { Path = "/health" } }, Valid.Clusters[2]] }, "clusters[db].healthCheck.path", "checked by opening a TCP connection to each server" },
        { "health check without path on http cluster", Valid with { Clusters = [Valid.Clusters[0] with { HealthCheck = new() }, Valid.Clusters[1], Valid.Clusters[2]] }, "clusters[site].healthCheck.path", "needs the path to request" },
        { "undefined send-proxy", Valid with { Clusters = [Valid.Clusters[0] with { SendProxy = (SendProxy)3 }, Valid.Clusters[1], Valid.Clusters[2]] }, "clusters[site].sendProxy", "v1 or v2" },
    };

    /// <summary>
    /// Combinations across features that are right: a TCP listener's cluster with a connect check,
    /// weights and backups; send-proxy towards https servers (the header goes before the TLS
    /// handshake, as HAProxy's send-proxy with ssl); a default cluster on an HTTP listener with TLS.
    /// </summary>
    [Fact]
    public void Validate_FeaturesThatWorkTogether_NoErrors()
    {
        var config = WithCertificate(Valid with
        {
            Listeners = [Valid.Listeners[0] with { Certificates = ["site"], Protocols = ListenerProtocols.Http1 | ListenerProtocols.Http2, StrictSni = true }, Valid.Listeners[1]],
            Clusters =
            [
                Valid.Clusters[0] with { Servers = [new() { Id = "s1", Address = "https://10.0.0.1:8443/" }], HealthCheck = new() { Path = "/health" } },
                Valid.Clusters[1] with { HealthCheck = new() { Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(1), Rise = 1, Fall = 2 }, Servers = [.. Valid.Clusters[1].Servers.Select(s => s with { Weight = 3 }), new() { Id = "spare", Address = "tcp://10.0.0.9:5432", Backup = true, Weight = 0 }] },
                Valid.Clusters[2],
            ],
        });

        Assert.Empty(ConfigValidator.Validate(config));
    }

    private static GatewayConfig WithCertificate(GatewayConfig config) =>
        config with { Certificates = [SitePem.Config("site")] };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_Invalid_ReportsPathAndActionableMessage(string scenario, GatewayConfig config, string path, string message)
    {
        var errors = ConfigValidator.Validate(config);

        var error = Assert.Single(errors, e => e.Path == path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.EndsWith('.'), $"{scenario}: messages are sentences: {error.Message}");
    }

    [Fact]
    public void Validate_HttpRuleOnTcpListener_PointsAtItsLine()
    {
        var config = Valid with { Listeners = [Valid.Listeners[0], Valid.Listeners[1] with { Rules = "acl local src 127.0.0.1\n\nhttp-response del-header Server" }] };

        var error = Assert.Single(ConfigValidator.Validate(config));

        Assert.Equal(("listeners[pg].rules", 3), (error.Path, error.Line));
        Assert.Contains("http-response", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tcp://10.0.0.2:5432", "10.0.0.2", 5432)]
    [InlineData("tcp://db.internal:1", "db.internal", 1)]
    [InlineData("tcp://[2001:db8::1]:65535", "2001:db8::1", 65535)]
    [InlineData("TCP://Db:80/", "db", 80)]
    public void TcpServerAddress_Parses(string text, string host, int port)
    {
        Assert.True(TcpServerAddress.TryParse(text, out var address));
        Assert.Equal((host, port), (address.Host, address.Port));
    }

    [Theory]
    [InlineData("tcp://10.0.0.2")]
    [InlineData("tcp://:80")]
    [InlineData("tcp://h:80?x=1")]
    [InlineData("tcp://u@h:80")]
    [InlineData("tcp:h:80")]
    [InlineData("http://h:80/")]
    public void TcpServerAddress_RefusesWhatIsNotHostAndPort(string text) => Assert.False(TcpServerAddress.TryParse(text, out _));
}
