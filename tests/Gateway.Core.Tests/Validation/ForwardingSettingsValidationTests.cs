using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Core.Tests.Validation;

/// <summary>The cluster's Host header, retries, passive health, hashing, sticky cookie and queue, and the server's connection limit.</summary>
public class ForwardingSettingsValidationTests
{
    private static readonly ClusterConfig Cluster = new()
    {
        Id = "api",
        Servers = [new() { Id = "a1", Address = "http://10.0.0.1/" }, new() { Id = "a2", Address = "http://10.0.0.2/" }],
    };

    private static GatewayConfig With(ClusterConfig cluster) => new() { Clusters = [cluster] };

    private static ClusterConfig WithRetry(Func<RetryConfig, RetryConfig> change) => Cluster with { Retry = change(RetryConfig.Default) };

    private static ClusterConfig WithPassive(Func<PassiveHealthConfig, PassiveHealthConfig> change) => Cluster with { PassiveHealth = change(PassiveHealthConfig.Default) };

    public static TheoryData<string, ClusterConfig> Valid => new()
    {
        { "defaults", Cluster },
        { "server's Host", Cluster with { HostHeader = "server" } },
        { "fixed host", Cluster with { HostHeader = "api.internal" } },
        { "fixed host and port", Cluster with { HostHeader = "api.internal:8080" } },
        { "fixed IPv4 and port", Cluster with { HostHeader = "10.0.0.1:80" } },
        { "fixed IPv6 and port", Cluster with { HostHeader = "[::1]:8080" } },
        { "retries at the bounds", WithRetry(r => r with { Count = 10, OnStatuses = [300, 503, 599], BufferLimit = RetryConfig.MaxBufferLimit, Deadline = TimeSpan.FromMilliseconds(1) }) },
        { "retries off, no body kept", WithRetry(r => r with { Count = 0, BufferLimit = 0, Redispatch = false }) },
        // Bad input from issue 15: more retries than servers is allowed; once each other server was tried, a retry goes to one already tried.
        { "more retries than servers", WithRetry(r => r with { Count = 10 }) with { Servers = [Cluster.Servers[0]] } },
        { "passive health at the bounds", WithPassive(p => p with { ConsecutiveFailures = 1000, EjectionTime = TimeSpan.FromSeconds(1), MaxEjectionTime = TimeSpan.FromSeconds(1), CountServerErrors = true }) },
        { "passive health off", WithPassive(p => p with { Enabled = false, ConsecutiveFailures = 1 }) },
        { "source hashing", Cluster with { LoadBalancing = "source" } },
        { "uri hashing", Cluster with { LoadBalancing = "uri" } },
        // A request without the header goes round-robin (documented), so any valid header name is fine.
        { "header hashing", Cluster with { LoadBalancing = "hdr(X-User-Id)" } },
        { "sticky cookie", Cluster with { StickyCookie = "SERVERID" } },
        // Queue limits of 0 are meaningful: no queue, 503 at once when every server is at its limit.
        { "queue of zero", Cluster with { MaxQueue = 0, QueueTimeout = TimeSpan.FromMilliseconds(1), Servers = [Cluster.Servers[0] with { MaxConnections = 1 }] } },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Validate_ValidSettings_HaveNoErrors(string because, ClusterConfig cluster)
    {
        var errors = ConfigValidator.Validate(With(cluster));

        Assert.True(errors.Count == 0, $"{because}: {string.Join("; ", errors)}");
    }

    public static TheoryData<string, ClusterConfig, string, string> Invalid => new()
    {
        { "empty Host", Cluster with { HostHeader = "" }, "clusters[api].hostHeader", "'' is not a Host value" },
        { "Host with a space", Cluster with { HostHeader = "api internal" }, "clusters[api].hostHeader", "is not a Host value" },
        { "Host with a path", Cluster with { HostHeader = "api.internal/v1" }, "clusters[api].hostHeader", "without scheme, path or spaces" },
        { "Host with a scheme", Cluster with { HostHeader = "http://api.internal" }, "clusters[api].hostHeader", "is not a Host value" },
        { "Host with port 0", Cluster with { HostHeader = "api.internal:0" }, "clusters[api].hostHeader", "is not a Host value" },
        { "Host with a bad port", Cluster with { HostHeader = "api.internal:80a" }, "clusters[api].hostHeader", "is not a Host value" },
        { "unbracketed IPv6", Cluster with { HostHeader = "::1" }, "clusters[api].hostHeader", "is not a Host value" },
        { "negative retries", WithRetry(r => r with { Count = -1 }), "clusters[api].retry.count", "The retry count must be from 0 to 10; found -1." },
        { "eleven retries", WithRetry(r => r with { Count = 11 }), "clusters[api].retry.count", "from 0 to 10; found 11" },
        { "status 600", WithRetry(r => r with { OnStatuses = [503, 600] }), "clusters[api].retry.onStatuses[1]", "600 is not an HTTP status" },
        { "status 99", WithRetry(r => r with { OnStatuses = [99] }), "clusters[api].retry.onStatuses[0]", "99 is not an HTTP status" },
        { "retry on 200", WithRetry(r => r with { OnStatuses = [200] }), "clusters[api].retry.onStatuses[0]", "200 is not a failure" },
        { "retry on 101", WithRetry(r => r with { OnStatuses = [101] }), "clusters[api].retry.onStatuses[0]", "101 is not a failure" },
        { "status twice", WithRetry(r => r with { OnStatuses = [503, 503] }), "clusters[api].retry.onStatuses[1]", "503 is listed twice" },
        { "negative buffer", WithRetry(r => r with { BufferLimit = -1 }), "clusters[api].retry.bufferLimit", "from 0 to 16777216 bytes" },
        { "buffer over 16 MiB", WithRetry(r => r with { BufferLimit = RetryConfig.MaxBufferLimit + 1 }), "clusters[api].retry.bufferLimit", "found 16777217" },
        { "zero deadline", WithRetry(r => r with { Deadline = TimeSpan.Zero }), "clusters[api].retry.deadline", "longer than zero" },
        { "zero failures", WithPassive(p => p with { ConsecutiveFailures = 0 }), "clusters[api].passiveHealth.consecutiveFailures", "from 1 to 1000 failures in a row; found 0" },
        { "1001 failures", WithPassive(p => p with { ConsecutiveFailures = 1001 }), "clusters[api].passiveHealth.consecutiveFailures", "found 1001" },
        { "zero ejection", WithPassive(p => p with { EjectionTime = TimeSpan.Zero }), "clusters[api].passiveHealth.ejectionTime", "longer than zero" },
        { "negative max ejection", WithPassive(p => p with { MaxEjectionTime = TimeSpan.FromSeconds(-1) }), "clusters[api].passiveHealth.maxEjectionTime", "longer than zero" },
        { "max under ejection", WithPassive(p => p with { EjectionTime = TimeSpan.FromMinutes(1), MaxEjectionTime = TimeSpan.FromSeconds(30) }), "clusters[api].passiveHealth.maxEjectionTime", "must not be shorter than the ejection time" },
        { "hdr without a name", Cluster with { LoadBalancing = "hdr()" }, "clusters[api].loadBalancing", "needs a header name" },
        { "hdr with a space", Cluster with { LoadBalancing = "hdr(X User)" }, "clusters[api].loadBalancing", "needs a header name" },
        { "unknown hash", Cluster with { LoadBalancing = "url" }, "clusters[api].loadBalancing", "is not a load-balancing algorithm; use one of: round-robin, random, least-requests, power-of-two-choices, first, source, uri, hdr(<name>)." },
        { "cookie with a space", Cluster with { StickyCookie = "server id" }, "clusters[api].stickyCookie", "'server id' is not a cookie name" },
        { "cookie with '='", Cluster with { StickyCookie = "a=b" }, "clusters[api].stickyCookie", "is not a cookie name" },
        { "empty cookie", Cluster with { StickyCookie = "" }, "clusters[api].stickyCookie", "is not a cookie name" },
        { "negative queue", Cluster with { MaxQueue = -1 }, "clusters[api].maxQueue", "must be 0 or more; found -1" },
        { "zero queue timeout", Cluster with { QueueTimeout = TimeSpan.Zero }, "clusters[api].queueTimeout", "longer than zero" },
        { "server limit of 0", Cluster with { Servers = [Cluster.Servers[0] with { MaxConnections = 0 }, Cluster.Servers[1]] }, "clusters[api].servers[a1].maxConnections", "at least 1; found 0" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidField_ReportsItsPath(string because, ClusterConfig cluster, string path, string message)
    {
        var error = Assert.Single(ConfigValidator.Validate(With(cluster)));

        Assert.True(error.Path == path, $"{because}: {error.Path}");
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EverySettingWrong_ReportsEachAtItsOwnPath()
    {
        var cluster = Cluster with
        {
            HostHeader = "a b",
            Retry = new() { Count = 99, OnStatuses = [204], BufferLimit = -5, Deadline = TimeSpan.FromSeconds(-1) },
            PassiveHealth = new() { ConsecutiveFailures = 0, EjectionTime = TimeSpan.Zero, MaxEjectionTime = TimeSpan.Zero },
            StickyCookie = "x;y",
            MaxQueue = -2,
            QueueTimeout = TimeSpan.FromSeconds(-3),
        };

        var paths = ConfigValidator.Validate(With(cluster)).Select(e => e.Path);

        Assert.Equal(
            [
                "clusters[api].hostHeader", "clusters[api].retry.count", "clusters[api].retry.onStatuses[0]", "clusters[api].retry.bufferLimit", "clusters[api].retry.deadline",
                "clusters[api].passiveHealth.consecutiveFailures", "clusters[api].passiveHealth.ejectionTime", "clusters[api].passiveHealth.maxEjectionTime",
                "clusters[api].stickyCookie", "clusters[api].maxQueue", "clusters[api].queueTimeout",
            ],
            paths);
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        Assert.Equal((3, true, 0, false, 65536, (TimeSpan?)null), (RetryConfig.Default.Count, RetryConfig.Default.Redispatch, RetryConfig.Default.OnStatuses.Count, RetryConfig.Default.NonIdempotent, RetryConfig.Default.BufferLimit, RetryConfig.Default.Deadline));
        Assert.Equal((true, 3, false, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)), (PassiveHealthConfig.Default.Enabled, PassiveHealthConfig.Default.ConsecutiveFailures, PassiveHealthConfig.Default.CountServerErrors, PassiveHealthConfig.Default.EjectionTime, PassiveHealthConfig.Default.MaxEjectionTime));
        Assert.Equal(PassiveHealthConfig.Default, new ClusterConfig { Id = "c" }.PassiveHealth);
    }

    [Fact]
    public void RetryConfig_WithEqualStatuses_IsEqual()
    {
        var a = new RetryConfig { OnStatuses = [502, 503] };
        var b = new RetryConfig { OnStatuses = new List<int> { 502, 503 } };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { OnStatuses = [503, 502] });
        Assert.NotEqual(a, b with { Count = 2 });
    }
}
