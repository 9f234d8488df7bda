using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Http;

/// <summary>Errors the rules generate carry a short page instead of an empty body, and a listener can bring its own.</summary>
public class ErrorPagesTests(BackendPair backends) : IClassFixture<BackendPair>
{
    private GatewayConfig Config(params ErrorPageConfig[] pages) => new()
    {
        Listeners = [Listener() with { Rules = "http-request deny if { path_beg /api/private }\nhttp-request deny deny_status 429 if { path_beg /api/busy }", ErrorPages = pages }],
        Routes = [Route("api", "a", "/api/{**rest}")],
        Clusters = [Cluster("a", backends.A)],
    };

    [Fact]
    public async Task Deny_ToABrowser_SendsAShortHtmlPage()
    {
        await using var host = await GatewayTestHost.StartAsync(Config());
        using var request = new HttpRequestMessage(HttpMethod.Get, host.Url("web", "/api/private/x"));
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>403 Forbidden</h1>", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/problem+json")]
    [InlineData("text/html;q=0.5, application/json")]
    public async Task Deny_ToAJsonClient_SendsProblemJson(string accept)
    {
        await using var host = await GatewayTestHost.StartAsync(Config());
        using var request = new HttpRequestMessage(HttpMethod.Get, host.Url("web", "/api/busy"));
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Too Many Requests", problem.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Deny_WithoutAccept_SendsHtml()
    {
        await using var host = await GatewayTestHost.StartAsync(Config());

        var response = await host.Client.GetAsync(host.Url("web", "/api/private/x"));

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Deny_OnAListenerWithItsOwnPage_SendsThatPage_WhateverIsAccepted()
    {
        await using var host = await GatewayTestHost.StartAsync(Config(new ErrorPageConfig(403, "<p>Not for you.</p>"), new ErrorPageConfig(429, "{\"slow\":\"down\"}", "application/json")));
        using var request = new HttpRequestMessage(HttpMethod.Get, host.Url("web", "/api/private/x"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var denied = await host.Client.SendAsync(request);
        var busy = await host.Client.GetAsync(host.Url("web", "/api/busy"));

        Assert.Equal("<p>Not for you.</p>", await denied.Content.ReadAsStringAsync());
        Assert.Equal("text/html; charset=utf-8", denied.Content.Headers.ContentType?.ToString());
        Assert.Equal("{\"slow\":\"down\"}", await busy.Content.ReadAsStringAsync());
        Assert.Equal("application/json", busy.Content.Headers.ContentType?.MediaType);
    }
}
