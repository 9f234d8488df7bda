using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Core.Tests.Validation;

public class ConfigValidatorTests
{
    private static readonly GatewayConfig Valid = new()
    {
        Listeners = [new() { Id = "web", Address = "127.0.0.1:8080", TarpitTimeout = TimeSpan.FromHours(1), Rules = "acl api path_beg /api\nhttp-request deny if !api" }, new() { Id = "h2", Address = "[::1]:8081", Protocols = ListenerProtocols.Http2 }],
        Routes =
        [
            new() { Id = "api", Cluster = "api", Path = "/api/{**rest}", Hosts = ["example.com", "*.example.org:8443"], Methods = ["GET", "POST"], Listeners = ["web"] },
            new() { Id = "site", Cluster = "site", Hosts = ["www.example.com"] },
        ],
        Clusters =
        [
            new() { Id = "api", LoadBalancing = "least-requests", ActivityTimeout = TimeSpan.FromSeconds(30), MaxConnectionsPerServer = 100, Servers = [new() { Id = "a1", Address = "http://10.0.0.1:8080/" }, new() { Id = "a2", Address = "https://api.internal/base/", State = ServerState.Drain }] },
            new() { Id = "site", Servers = [] },
        ],
        Maps = [new() { Id = "hosts", Entries = [new("a.example", "api"), new("A.example", "site"), new("", "")] }, new() { Id = "empty" }],
    };

    [Fact]
    public void Validate_ValidDocument_NoErrors()
    {
        Assert.Empty(ConfigValidator.Validate(Valid));
        Assert.Empty(ConfigValidator.Validate(GatewayConfig.Empty));
    }

    public static TheoryData<string, GatewayConfig, string, string> Invalid => new()
    {
        { "missing cluster", Valid with { Routes = [Valid.Routes[0] with { Cluster = "nope" }] }, "routes[api].cluster", "Cluster 'nope' does not exist" },
        { "empty cluster", Valid with { Routes = [Valid.Routes[0] with { Cluster = "" }] }, "routes[api].cluster", "needs a cluster" },
        { "missing listener", Valid with { Routes = [Valid.Routes[0] with { Listeners = ["web", "tls"] }] }, "routes[api].listeners[1]", "Listener 'tls' does not exist" },
        { "no path or hosts", Valid with { Routes = [Valid.Routes[1] with { Hosts = [] }] }, "routes[site].path", "must match a path or hosts" },
        { "relative path", Valid with { Routes = [Valid.Routes[0] with { Path = "api" }] }, "routes[api].path", "must start with '/'" },
        { "unbalanced braces", Valid with { Routes = [Valid.Routes[0] with { Path = "/api/{id" }] }, "routes[api].path", "unbalanced braces" },
        { "bad host", Valid with { Routes = [Valid.Routes[0] with { Hosts = ["exa mple.com"] }] }, "routes[api].hosts[0]", "is not a host name" },
        { "bad host port", Valid with { Routes = [Valid.Routes[0] with { Hosts = ["example.com:99999"] }] }, "routes[api].hosts[0]", "invalid port" },
        { "bad method", Valid with { Routes = [Valid.Routes[0] with { Methods = ["GET POST"] }] }, "routes[api].methods[0]", "not an HTTP method" },
        { "duplicate route id", Valid with { Routes = [Valid.Routes[0], Valid.Routes[0] with { Path = "/b" }] }, "routes[api].id", "used more than once" },
        { "duplicate id differing in case", Valid with { Clusters = [.. Valid.Clusters, Valid.Clusters[1] with { Id = "SITE" }] }, "clusters[SITE].id", "used more than once" },
        { "bad id characters", Valid with { Listeners = [Valid.Listeners[0] with { Id = "we b" }] }, "listeners[we b].id", "is not valid" },
        { "empty id", Valid with { Listeners = [Valid.Listeners[0] with { Id = "" }] }, "listeners[#0].id", "is not valid" },
        { "bad address", Valid with { Listeners = [Valid.Listeners[0] with { Address = "127.0.0.1" }] }, "listeners[web].address", "is not a listener address" },
        { "port out of range", Valid with { Listeners = [Valid.Listeners[0] with { Address = "127.0.0.1:70000" }] }, "listeners[web].address", "is not a listener address" },
        { "same address twice", Valid with { Listeners = [Valid.Listeners[0], Valid.Listeners[1] with { Address = "127.0.0.1:8080" }] }, "listeners[h2].address", "already used by listener 'web'" },
        { "no protocol", Valid with { Listeners = [Valid.Listeners[0] with { Protocols = ListenerProtocols.None }] }, "listeners[web].protocols", "needs a protocol" },
        { "h1 and h2 on cleartext", Valid with { Listeners = [Valid.Listeners[0] with { Protocols = ListenerProtocols.Http1 | ListenerProtocols.Http2 }] }, "listeners[web].protocols", "either http1 or http2" },
        { "h1, h2 and h3 on cleartext", Valid with { Listeners = [Valid.Listeners[0] with { Protocols = ListenerProtocols.Http1 | ListenerProtocols.Http2 | ListenerProtocols.Http3 }] }, "listeners[web].protocols", "either http1 or http2" },
        { "h3 alone", Valid with { Listeners = [Valid.Listeners[0] with { Protocols = ListenerProtocols.Http3 }] }, "listeners[web].protocols", "http3 needs http1 or http2 beside it" },
        { "h3 on cleartext", Valid with { Listeners = [Valid.Listeners[0] with { Protocols = ListenerProtocols.Http1 | ListenerProtocols.Http3 }] }, "listeners[web].protocols", "http3 runs only over TLS" },
        { "unknown protocol flag", Valid with { Listeners = [Valid.Listeners[0] with { Protocols = (ListenerProtocols)8 | ListenerProtocols.Http1 }] }, "listeners[web].protocols", "Unknown protocol flags" },
        { "unknown balancing", Valid with { Clusters = [Valid.Clusters[0] with { LoadBalancing = "fastest" }, Valid.Clusters[1]] }, "clusters[api].loadBalancing", "not a load-balancing algorithm" },
        { "zero timeout", Valid with { Clusters = [Valid.Clusters[0] with { ActivityTimeout = TimeSpan.Zero }, Valid.Clusters[1]] }, "clusters[api].activityTimeout", "longer than zero" },
        { "zero max connections", Valid with { Clusters = [Valid.Clusters[0] with { MaxConnectionsPerServer = 0 }, Valid.Clusters[1]] }, "clusters[api].maxConnectionsPerServer", "at least 1" },
        { "relative server address", Valid with { Clusters = [Valid.Clusters[0] with { Servers = [new() { Id = "a1", Address = "/local" }] }, Valid.Clusters[1]] }, "clusters[api].servers[a1].address", "not a server address" },
        { "ftp server address", Valid with { Clusters = [Valid.Clusters[0] with { Servers = [new() { Id = "a1", Address = "ftp://x/" }] }, Valid.Clusters[1]] }, "clusters[api].servers[a1].address", "not a server address" },
        { "server address with query", Valid with { Clusters = [Valid.Clusters[0] with { Servers = [new() { Id = "a1", Address = "http://x/?a=1" }] }, Valid.Clusters[1]] }, "clusters[api].servers[a1].address", "without query" },
        { "zero tarpit timeout", Valid with { Listeners = [Valid.Listeners[0] with { TarpitTimeout = TimeSpan.Zero }] }, "listeners[web].tarpitTimeout", "longer than zero and at most one hour" },
        { "tarpit timeout over an hour", Valid with { Listeners = [Valid.Listeners[0] with { TarpitTimeout = TimeSpan.FromHours(1) + TimeSpan.FromTicks(1) }] }, "listeners[web].tarpitTimeout", "longer than zero and at most one hour" },
        { "bad map id", Valid with { Maps = [new() { Id = "host map" }] }, "maps[host map].id", "The map id 'host map' is not valid" },
        { "duplicate map id differing in case", Valid with { Maps = [.. Valid.Maps, new() { Id = "HOSTS" }] }, "maps[HOSTS].id", "used more than once" },
        { "duplicate map key", Valid with { Maps = [new() { Id = "m", Entries = [new("a", "1"), new("b", "2"), new("a", "3")] }] }, "maps[m].entries[#2].key", "The key 'a' is already the key of entries[#0]" },
        { "duplicate server id", Valid with { Clusters = [Valid.Clusters[0] with { Servers = [new() { Id = "a1", Address = "http://x/" }, new() { Id = "A1", Address = "http://y/" }] }, Valid.Clusters[1]] }, "clusters[api].servers[A1].id", "used more than once" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidDocument_ReportsPathAndActionableMessage(string scenario, GatewayConfig config, string path, string message)
    {
        var errors = ConfigValidator.Validate(config);

        var error = Assert.Single(errors, e => e.Path == path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.EndsWith('.'), $"{scenario}: messages are sentences: {error.Message}");
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneAtOnce()
    {
        var config = new GatewayConfig
        {
            Listeners = [new() { Id = "web", Address = "nowhere" }],
            Routes = [new() { Id = "a", Cluster = "missing" }, new() { Id = "b", Cluster = "c", Path = "x" }],
            Clusters = [new() { Id = "c", LoadBalancing = "?", Servers = [new() { Id = "s", Address = "bad" }] }],
        };

        var paths = ConfigValidator.Validate(config).Select(e => e.Path).Order(StringComparer.Ordinal).ToArray();

        string[] expected = ["clusters[c].loadBalancing", "clusters[c].servers[s].address", "listeners[web].address", "routes[a].cluster", "routes[a].path", "routes[b].path"];
        Assert.Equal(expected, paths);
    }

    [Fact]
    public void Validate_MissingCluster_NamesTheClustersThatExist()
    {
        var config = Valid with { Routes = [Valid.Routes[0] with { Cluster = "apu" }] };

        var error = Assert.Single(ConfigValidator.Validate(config));

        Assert.Equal("Cluster 'apu' does not exist; create it or name one of: 'api', 'site'.", error.Message);
    }

    [Fact]
    public void Validate_MissingClusterWhenNoneExist_SaysToCreateOneFirst()
    {
        var config = new GatewayConfig { Routes = [new() { Id = "api", Cluster = "api", Path = "/" }] };

        var error = Assert.Single(ConfigValidator.Validate(config));

        Assert.Equal("Cluster 'api' does not exist; no clusters are defined yet, so create it first.", error.Message);
    }
}
