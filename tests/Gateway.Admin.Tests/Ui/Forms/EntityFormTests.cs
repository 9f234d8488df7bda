using Gateway.Admin.Ui.Forms;
using Gateway.Core.Configuration;

namespace Gateway.Admin.Tests.Ui.Forms;

/// <summary>Entity ↔ form: what a form shows is what it saves, fields it does not know survive, and bad text is an error at its field.</summary>
public class EntityFormTests
{
    private static readonly ListenerConfig Listener = new()
    {
        Id = "web", Address = "127.0.0.1:8080", Protocols = ListenerProtocols.Http2 | ListenerProtocols.Http3, AcceptProxy = true, MaxConnections = 500,
        TarpitTimeout = TimeSpan.FromSeconds(10), Rules = "http-request deny if { path_beg /admin }", Certificates = ["site", "fallback"], StrictSni = true,
    };

    private static readonly RouteConfig Route = new()
    {
        Id = "api", Listeners = ["web", "internal"], Hosts = ["api.example.com", "*.example.org:8443"], Path = "/v1/{**rest}",
        Methods = ["GET", "POST"], Order = -2, Cluster = "backend", Rules = "http-request set-header X-A b",
    };

    private static readonly ClusterConfig Cluster = new()
    {
        Id = "backend", LoadBalancing = LoadBalancingNames.LeastRequests, ActivityTimeout = TimeSpan.FromSeconds(100), MaxConnectionsPerServer = 8,
        Servers = [new() { Id = "a", Address = "http://10.0.0.1/", Weight = 3 }, new() { Id = "b", Address = "http://10.0.0.2/", State = ServerState.Drain, Backup = true }],
        HealthCheck = new() { Path = "/health", Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(1), Rise = 4, Fall = 5 },
        Rules = "http-response del-header Server",
    };

    [Fact]
    public void ListenerForm_RoundTrip_IsTheSameListener()
    {
        var errors = new FormErrors();
        var back = ListenerForm.From(Listener).ToConfig(Listener, errors)!;

        Assert.False(errors.Any);
        Assert.Equal(Listener.Certificates, back.Certificates);
        Assert.Equal(Listener, back with { Certificates = Listener.Certificates });
    }

    [Fact]
    public void ServerForm_RoundTrip_IsTheSameServer()
    {
        foreach (var server in Cluster.Servers)
        {
            Assert.Equal(server, ServerForm.From(server).ToConfig(server, new FormErrors()));
        }
    }

    [Fact]
    public void ServerForm_EmptyWeight_IsTheDefault_AndABadOneIsAnError()
    {
        var errors = new FormErrors();

        Assert.Equal(ServerConfig.DefaultWeight, new ServerForm { Id = "a", Address = "http://a/" }.ToConfig(null, errors)!.Weight);
        Assert.Null(new ServerForm { Id = "a", Address = "http://a/", Weight = "heavy" }.ToConfig(null, errors));
        Assert.Single(errors.For("weight"));
    }

    [Fact]
    public void ClusterForm_EmptyHealthCheckPath_IsNoHealthCheck_AndEmptySettingsAreTheDefaults()
    {
        var none = new ClusterForm { Id = "c", HealthCheckPath = " ", HealthCheckRise = "7" }.ToConfig(Cluster, new FormErrors())!;
        var defaults = new ClusterForm { Id = "c", HealthCheckPath = "/ping" }.ToConfig(null, new FormErrors())!;

        Assert.Null(none.HealthCheck);
        Assert.Equal(new HealthCheckConfig { Path = "/ping" }, defaults.HealthCheck);
    }

    [Fact]
    public void RouteForm_RoundTrip_IsTheSameRoute()
    {
        var back = RouteForm.From(Route).ToConfig(Route, new FormErrors())!;

        Assert.Equal((Route.Id, Route.Path, Route.Order, Route.Cluster, Route.Rules), (back.Id, back.Path, back.Order, back.Cluster, back.Rules));
        Assert.Equal(Route.Listeners, back.Listeners);
        Assert.Equal(Route.Hosts, back.Hosts);
        Assert.Equal(Route.Methods, back.Methods);
    }

    [Fact]
    public void ClusterForm_RoundTrip_KeepsServersAndRules()
    {
        Assert.Equal(Cluster, ClusterForm.From(Cluster).ToConfig(Cluster, new FormErrors()));
    }

    [Fact]
    public void ListenerForm_ShowsProtocolsAsChecks_AndDurationsAsText()
    {
        var form = ListenerForm.From(Listener);

        Assert.Equal((false, true, true, "500", "00:00:10"), (form.Http1, form.Http2, form.Http3, form.MaxConnections, form.TarpitTimeout));
    }

    [Fact]
    public void ToConfig_OnAnExistingEntity_KeepsItsIdAndFieldsTheFormDoesNotHave()
    {
        var form = ListenerForm.From(Listener);
        form.Id = "renamed";
        form.Address = " 127.0.0.1:9090 ";

        var updated = form.ToConfig(Listener, new FormErrors())!;

        Assert.Equal(("web", "127.0.0.1:9090", Listener.Rules), (updated.Id, updated.Address, updated.Rules));
    }

    [Fact]
    public void RouteForm_SplitsListsOnCommasSpacesAndLines_UppercasesMethods_AndTreatsEmptyAsNone()
    {
        var form = new RouteForm { Id = " api ", Hosts = "a.example.com,  b.example.com\nc.example.com", Methods = "get post", Listeners = "", Path = "  ", Order = "", Cluster = "backend" };

        var route = form.ToConfig(null, new FormErrors())!;

        Assert.Equal("api", route.Id);
        Assert.Equal(["a.example.com", "b.example.com", "c.example.com"], route.Hosts);
        Assert.Equal(["GET", "POST"], route.Methods);
        Assert.Empty(route.Listeners);
        Assert.Null(route.Path);
        Assert.Null(route.Order);
        Assert.Null(route.Rules);
    }

    [Theory]
    [InlineData("many", "00:00:05", "maxConnections", "'many' is not a whole number")]
    [InlineData("10", "5 seconds", "tarpitTimeout", "'5 seconds' is not a duration")]
    public void ListenerForm_TextThatDoesNotParse_IsAnErrorAtItsField_AndNoListener(string maxConnections, string tarpit, string field, string message)
    {
        var errors = new FormErrors();
        var form = new ListenerForm { Id = "web", Address = "127.0.0.1:80", Http1 = true, MaxConnections = maxConnections, TarpitTimeout = tarpit };

        Assert.Null(form.ToConfig(null, errors));
        Assert.StartsWith(message, Assert.Single(errors.For(field)), StringComparison.Ordinal);
    }

    [Fact]
    public void ClusterForm_BadNumbers_AreErrorsAtTheirFields()
    {
        var errors = new FormErrors();
        var form = new ClusterForm { Id = "c", ActivityTimeout = "soon", MaxConnectionsPerServer = "1.5", HealthCheckPath = "/h", HealthCheckInterval = "often", HealthCheckFall = "x" };

        Assert.Null(form.ToConfig(null, errors));
        Assert.Single(errors.For("activityTimeout"));
        Assert.Single(errors.For("maxConnectionsPerServer"));
        Assert.Single(errors.For("healthCheck.interval"));
        Assert.Single(errors.For("healthCheck.fall"));
    }

    [Fact]
    public void ServerForm_WithServer_ReplacesByIdInPlace_OrAppends()
    {
        var drained = ServerForm.WithServer(Cluster, new ServerConfig { Id = "A", Address = "http://10.0.0.9/", State = ServerState.Maintenance });
        Assert.Equal(Cluster.HealthCheck, drained.HealthCheck);
        var added = ServerForm.WithServer(Cluster, new ServerConfig { Id = "c", Address = "http://10.0.0.3/" });

        Assert.Equal(["A", "b"], drained.Servers.Select(s => s.Id));
        Assert.Equal(ServerState.Maintenance, drained.Servers[0].State);
        Assert.Equal(["a", "b", "c"], added.Servers.Select(s => s.Id));
        Assert.Equal(["b"], ServerForm.WithoutServer(Cluster, "A").Servers.Select(s => s.Id));
        Assert.Equal(Cluster.Rules, drained.Rules);
    }

    [Theory]
    [InlineData("s1|Drain", "s1", ServerState.Drain)]
    [InlineData("a|b|maintenance", "a|b", ServerState.Maintenance)]
    [InlineData("s1|ready", "s1", ServerState.Ready)]
    public void ServerStateToggle_ParsesServerAndState(string target, string server, ServerState state)
    {
        Assert.Equal((server, state), new ServerStateToggle { Target = target }.Parse());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("s1")]
    [InlineData("|Drain")]
    [InlineData("s1|asleep")]
    [InlineData("s1|7")]
    public void ServerStateToggle_NonsenseIsNotAChange(string? target)
    {
        Assert.Null(new ServerStateToggle { Target = target }.Parse());
    }

    [Fact]
    public void TokenForm_Expires_IsADate_OrNothing_OrAnError()
    {
        var errors = new FormErrors();

        Assert.Equal(new DateTimeOffset(2030, 1, 2, 0, 0, 0, TimeSpan.Zero), new TokenForm { Expires = "2030-01-02" }.ExpiresUtc(errors));
        Assert.Null(new TokenForm { Expires = "" }.ExpiresUtc(errors));
        Assert.False(errors.Any);
        Assert.Null(new TokenForm { Expires = "next week" }.ExpiresUtc(errors));
        Assert.Single(errors.For("expires"));
    }
}
