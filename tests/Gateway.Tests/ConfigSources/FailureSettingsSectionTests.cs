using Gateway.ConfigSources;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.ConfigSources;

/// <summary>The Host header, retries, passive health, stickiness, queue and server connection limit read from appsettings.</summary>
public class FailureSettingsSectionTests
{
    private static IConfigurationSection Json(string json, params (string Key, string Value)[] overrides) =>
        new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)))
            .AddInMemoryCollection(overrides.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value)))
            .Build()
            .GetSection("Gateway");

    [Fact]
    public void Read_EverySetting_MapsToTheModel_AndValidates()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Json("""
            { "Gateway": { "Clusters": { "api": {
                "LoadBalancing": "hdr(X-User)",
                "HostHeader": "api.internal:8080",
                "Retry": { "Count": 2, "Redispatch": false, "OnStatuses": [ 502, 503 ], "NonIdempotent": true, "BufferLimit": 1024, "Deadline": 30 },
                "PassiveHealth": { "Enabled": false, "ConsecutiveFailures": 5, "CountServerErrors": true, "EjectionTime": "00:00:20", "MaxEjectionTime": 600 },
                "StickyCookie": "SRV",
                "MaxQueue": 0,
                "QueueTimeout": 2.5,
                "Servers": { "a": { "Address": "http://10.0.0.1/", "MaxConnections": 50 } } } } } }
            """));

        Assert.Empty(errors);
        var api = config!.Clusters.Single();
        Assert.Equal(("hdr(X-User)", "api.internal:8080", "SRV", (int?)0, (TimeSpan?)TimeSpan.FromSeconds(2.5)), (api.LoadBalancing, api.HostHeader, api.StickyCookie, api.MaxQueue, api.QueueTimeout));
        Assert.Equal(new RetryConfig { Count = 2, Redispatch = false, OnStatuses = [502, 503], NonIdempotent = true, BufferLimit = 1024, Deadline = TimeSpan.FromSeconds(30) }, api.Retry);
        Assert.Equal(new PassiveHealthConfig { Enabled = false, ConsecutiveFailures = 5, CountServerErrors = true, EjectionTime = TimeSpan.FromSeconds(20), MaxEjectionTime = TimeSpan.FromMinutes(10) }, api.PassiveHealth);
        Assert.Equal(50, api.Servers[0].MaxConnections);
        Assert.Empty(ConfigValidator.Validate(config));
    }

    [Fact]
    public void Read_NothingSet_IsTheDefaults()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Json("""{ "Gateway": { "Clusters": { "api": { "Servers": { "a": { "Address": "http://a/" } } } } } }"""));

        Assert.Empty(errors);
        var api = config!.Clusters.Single();
        Assert.Equal((HostHeaderModes.Client, RetryConfig.Default, PassiveHealthConfig.Default), (api.HostHeader, api.Retry, api.PassiveHealth));
        Assert.Equal(((string?)null, (int?)null, (TimeSpan?)null, (int?)null), (api.StickyCookie, api.MaxQueue, api.QueueTimeout, api.Servers[0].MaxConnections));
    }

    [Fact]
    public void Read_OneKeyOverridden_KeepsTheOthersAtTheirDefaults()
    {
        // An environment variable such as Gateway__Clusters__api__Retry__Count=0 sets one field of one cluster.
        var (config, errors) = ConfigurationSectionReader.Read(Json(
            """{ "Gateway": { "Clusters": { "api": { "Retry": { "OnStatuses": "502, 503" } } } } }""",
            ("Gateway:Clusters:api:Retry:Count", "0"), ("Gateway:Clusters:api:PassiveHealth:CountServerErrors", "true")));

        Assert.Empty(errors);
        var api = config!.Clusters.Single();
        Assert.Equal(new RetryConfig { Count = 0, OnStatuses = [502, 503] }, api.Retry);
        Assert.Equal(new PassiveHealthConfig { CountServerErrors = true }, api.PassiveHealth);
    }

    [Theory]
    [InlineData("""{ "Retry": { "Count": "many" } }""", "clusters[api].retry.count", "'many' is not a whole number.")]
    [InlineData("""{ "Retry": { "Redispatch": "sometimes" } }""", "clusters[api].retry.redispatch", "'sometimes' is not true or false.")]
    [InlineData("""{ "Retry": { "OnStatuses": [ 503, "bad-gateway" ] } }""", "clusters[api].retry.onStatuses[1]", "'bad-gateway' is not an HTTP status")]
    [InlineData("""{ "Retry": { "Deadline": "soon" } }""", "clusters[api].retry.deadline", "is not a duration")]
    [InlineData("""{ "Retry": { "Tries": 3 } }""", "clusters[api].retry.tries", "Unknown setting 'Tries'")]
    [InlineData("""{ "Retry": 3 }""", "clusters[api].retry", "Retry is an object")]
    [InlineData("""{ "PassiveHealth": { "EjectionTime": "a while" } }""", "clusters[api].passiveHealth.ejectionTime", "is not a duration")]
    [InlineData("""{ "PassiveHealth": { "Failures": 3 } }""", "clusters[api].passiveHealth.failures", "Unknown setting 'Failures'")]
    [InlineData("""{ "PassiveHealth": true }""", "clusters[api].passiveHealth", "PassiveHealth is an object")]
    [InlineData("""{ "MaxQueue": "none" }""", "clusters[api].maxQueue", "'none' is not a whole number.")]
    [InlineData("""{ "QueueTimeout": "later" }""", "clusters[api].queueTimeout", "is not a duration")]
    [InlineData("""{ "Servers": { "s": { "Address": "http://s/", "MaxConnections": "lots" } } }""", "clusters[api].servers[s].maxConnections", "'lots' is not a whole number.")]
    [InlineData("""{ "Sticky": "SRV" }""", "clusters[api].sticky", "Unknown setting 'Sticky'")]
    public void Read_BadValue_ReportsItsPath(string cluster, string path, string message)
    {
        var (config, errors) = ConfigurationSectionReader.Read(Json($$"""{ "Gateway": { "Clusters": { "api": {{cluster}} } } }"""));

        Assert.Null(config);
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ValuesOutOfRange_AreReadAndThenRefusedByTheValidator_AtTheSamePaths()
    {
        var (config, errors) = ConfigurationSectionReader.Read(Json("""
            { "Gateway": { "Clusters": { "api": {
                "HostHeader": "api internal", "Retry": { "Count": 11, "OnStatuses": [ 200 ] }, "PassiveHealth": { "ConsecutiveFailures": 0 },
                "StickyCookie": "a;b", "MaxQueue": -1, "Servers": { "s": { "Address": "http://s/", "MaxConnections": 0 } } } } } }
            """));

        Assert.Empty(errors);
        Assert.Equal(
            ["clusters[api].hostHeader", "clusters[api].retry.count", "clusters[api].retry.onStatuses[0]", "clusters[api].passiveHealth.consecutiveFailures", "clusters[api].stickyCookie", "clusters[api].maxQueue", "clusters[api].servers[s].maxConnections"],
            ConfigValidator.Validate(config!).Select(e => e.Path));
    }
}
