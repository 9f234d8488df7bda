using Gateway.Admin.Ui.Forms;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Admin.Tests.Ui.Forms;

/// <summary>The cluster form's Host header, hashing, sticky cookie, retry, passive-health and queue inputs, and the server form's connection limit.</summary>
public class FailureSettingsFormTests
{
    private static readonly ClusterConfig Cluster = new()
    {
        Id = "shop",
        LoadBalancing = "hdr(X-Tenant)",
        HostHeader = "shop.internal:8080",
        Retry = new() { Count = 1, Redispatch = false, OnStatuses = [502, 503], NonIdempotent = true, BufferLimit = 4096, Deadline = TimeSpan.FromSeconds(20) },
        PassiveHealth = new() { Enabled = false, ConsecutiveFailures = 7, CountServerErrors = true, EjectionTime = TimeSpan.FromSeconds(3), MaxEjectionTime = TimeSpan.FromMinutes(1) },
        StickyCookie = "SHOPSRV",
        MaxQueue = 0,
        QueueTimeout = TimeSpan.FromSeconds(2),
        Servers = [new() { Id = "s1", Address = "http://10.0.2.1/", MaxConnections = 20 }],
    };

    [Fact]
    public void ClusterForm_ShowsEverySetting_AndRoundTripsToTheSameCluster()
    {
        var form = ClusterForm.From(Cluster);
        var errors = new FormErrors();

        Assert.Equal((ClusterForm.HeaderHash, "X-Tenant", ClusterForm.FixedHost, "shop.internal:8080", "SHOPSRV", "0", "00:00:02"),
            (form.LoadBalancing, form.LoadBalancingHeader, form.HostHeaderMode, form.HostHeaderValue, form.StickyCookie, form.MaxQueue, form.QueueTimeout));
        Assert.Equal(("1", false, "502, 503", true, "4096", "00:00:20"), (form.RetryCount, form.RetryRedispatch, form.RetryOnStatuses, form.RetryNonIdempotent, form.RetryBufferLimit, form.RetryDeadline));
        Assert.Equal((false, "7", true, "00:00:03", "00:01:00"), (form.PassiveHealthEnabled, form.PassiveHealthFailures, form.PassiveHealthCountServerErrors, form.PassiveHealthEjectionTime, form.PassiveHealthMaxEjectionTime));
        Assert.Equal(Cluster, form.ToConfig(Cluster, errors));
        Assert.False(errors.Any);
    }

    [Fact]
    public void ClusterForm_ForANewCluster_LeftEmpty_IsTheDefaults()
    {
        var cluster = NewForm(f => f.Id = "c").ToConfig(null, new FormErrors())!;

        Assert.Equal((LoadBalancingNames.RoundRobin, HostHeaderModes.Client, RetryConfig.Default, PassiveHealthConfig.Default), (cluster.LoadBalancing, cluster.HostHeader, cluster.Retry, cluster.PassiveHealth));
        Assert.Equal(((string?)null, (int?)null, (TimeSpan?)null), (cluster.StickyCookie, cluster.MaxQueue, cluster.QueueTimeout));
        Assert.Equal(new ClusterConfig { Id = "c" }, cluster);
    }

    [Theory]
    [InlineData("client", null, "client")]
    [InlineData("server", "ignored.example", "server")]
    [InlineData("fixed", " api.internal ", "api.internal")]
    public void ClusterForm_HostHeaderChoice_IsTheHostHeader(string mode, string? value, string expected)
    {
        var form = NewForm(f => (f.Id, f.HostHeaderMode, f.HostHeaderValue) = ("c", mode, value));

        Assert.Equal(expected, form.ToConfig(null, new FormErrors())!.HostHeader);
    }

    [Theory]
    [InlineData("source", null, "source")]
    [InlineData("uri", "X-Ignored", "uri")]
    [InlineData("hdr", " X-User ", "hdr(X-User)")]
    public void ClusterForm_LoadBalancingChoice_NamesTheHeaderForHdr(string choice, string? header, string expected)
    {
        var form = NewForm(f => (f.Id, f.LoadBalancing, f.LoadBalancingHeader) = ("c", choice, header));

        Assert.Equal(expected, form.ToConfig(null, new FormErrors())!.LoadBalancing);
    }

    [Fact]
    public void ClusterForm_TextThatDoesNotParse_IsAnErrorAtItsField()
    {
        var errors = new FormErrors();
        var form = new ClusterForm
        {
            Id = "c", LoadBalancing = "hdr", LoadBalancingHeader = " ", HostHeaderMode = ClusterForm.FixedHost, HostHeaderValue = "",
            RetryCount = "three", RetryOnStatuses = "502 bad-gateway", RetryBufferLimit = "64k", RetryDeadline = "soon",
            PassiveHealthFailures = "x", PassiveHealthEjectionTime = "10 secs", PassiveHealthMaxEjectionTime = "later",
            MaxQueue = "none", QueueTimeout = "a bit",
        };

        Assert.Null(form.ToConfig(null, errors));
        foreach (var field in new[] { "loadBalancing", "hostHeader", "retry.count", "retry.onStatuses", "retry.bufferLimit", "retry.deadline", "passiveHealth.consecutiveFailures", "passiveHealth.ejectionTime", "passiveHealth.maxEjectionTime", "maxQueue", "queueTimeout" })
        {
            Assert.True(errors.For(field).Count == 1, $"{field}: {string.Join(" | ", errors.For(field))}");
        }

        Assert.Contains("'bad-gateway' is not an HTTP status", errors.For("retry.onStatuses")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void ClusterForm_ValidatorErrors_LandAtTheirInputs()
    {
        var errors = ConfigValidator.Validate(new GatewayConfig
        {
            Clusters = [Cluster with { Retry = Cluster.Retry with { Count = 11, OnStatuses = [200] }, PassiveHealth = Cluster.PassiveHealth with { ConsecutiveFailures = 0 }, StickyCookie = "a b", HostHeader = "a/b", MaxQueue = -1 }],
        });

        var placed = FormErrors.From(errors, ClusterForm.Fields, "clusters[shop]", "clusters[#");

        Assert.Empty(placed.General);
        Assert.All(new[] { "retry.count", "retry.onStatuses", "passiveHealth.consecutiveFailures", "stickyCookie", "hostHeader", "maxQueue" }, field => Assert.Single(placed.For(field)));
    }

    private static ClusterForm NewForm(Action<ClusterForm> set)
    {
        var form = ClusterForm.ForNew();
        set(form);
        return form;
    }

    [Fact]
    public void ServerForm_MaxConnections_RoundTrips_EmptyIsNoLimit_AndBadTextIsAnError()
    {
        var server = Cluster.Servers[0];
        var errors = new FormErrors();

        Assert.Equal("20", ServerForm.From(server).MaxConnections);
        Assert.Equal(server, ServerForm.From(server).ToConfig(server, new FormErrors()));
        Assert.Null(new ServerForm { Id = "s", Address = "http://s/", MaxConnections = " " }.ToConfig(null, new FormErrors())!.MaxConnections);
        Assert.Null(new ServerForm { Id = "s", Address = "http://s/", MaxConnections = "many" }.ToConfig(null, errors));
        Assert.Single(errors.For("maxConnections"));
        Assert.Single(FormErrors.From([new("clusters[shop].servers[s1].maxConnections", "at least 1")], ServerForm.Fields, "clusters[shop].servers[s1]").For("maxConnections"));
    }
}
