using System.Net.Http.Json;
using Gateway.Admin.Store;
using Gateway.Admin.Tests.Api;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Gateway.Admin.Tests.Telemetry;

/// <summary>Traces pushed by OTLP to a collector (an in-process one), with the W3C traceparent carried on to the server.</summary>
[Collection(MeterIsolation.Name)]
public sealed class TracingTests : IAsyncLifetime
{
    private OtlpReceiver _collector = null!;
    private BackendServer _backend = null!;
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _collector = await OtlpReceiver.StartAsync();
        _backend = await BackendServer.StartAsync("b");
        // The Kestrel + YARP path (its HTTP client span is part of what these tests expect); the HTTP/1.1 core, the standalone
        // host's default, is traced by OnTheHttp1Core_…, which turns it on for the listener.
        _host = await ApiHost.StartAsync(_backend, args: [$"--Gateway:Telemetry:OtlpEndpoint={_collector.Url}", "--Gateway:Telemetry:MetricsInterval=1s",
            "--Gateway:Runtime:Http1Core=false"]);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _backend.DisposeAsync();
        await _collector.DisposeAsync();
    }

    [Fact]
    public async Task Request_WithTraceparent_ReachesTheCollectorAsOneTrace_AndTheServerSeesItsTry()
    {
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        const string callerSpan = "00f067aa0ba902b7";
        using var proxy = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, _host.ListenerUrl("/traced"));
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{callerSpan}-01");
        using var response = await proxy.SendAsync(request);
        var echo = await response.Content.ReadFromJsonAsync<EchoResponse>();

        // The server got the caller's trace, its parent the HTTP client's span under the gateway's try.
        var seen = echo!.Headers["traceparent"].Split('-');
        Assert.Equal(traceId, seen[1]);
        Assert.NotEqual(callerSpan, seen[2]);

        var spans = await SpansOfAsync(traceId, 4);
        var server = Assert.Single(spans, s => s.Kind == ReceivedSpan.KindServer);
        Assert.Equal("Gateway", server.Scope);
        Assert.Equal(callerSpan, server.ParentSpanId);
        Assert.Equal("GET all", server.Name);
        Assert.Equal("200", server.Attributes["http.response.status_code"]);
        Assert.Equal("web", server.Attributes["gateway.listener"]);
        Assert.Equal("backend", server.Attributes["gateway.cluster"]);

        var forward = Assert.Single(spans, s => s.Name == "forward backend");
        Assert.Equal(server.SpanId, forward.ParentSpanId);
        var attempt = Assert.Single(spans, s => s.Name == "try s1");
        Assert.Equal(forward.SpanId, attempt.ParentSpanId);
        var client = Assert.Single(spans, s => s.Kind == ReceivedSpan.KindClient);
        Assert.Equal("System.Net.Http", client.Scope);
        Assert.Equal(attempt.SpanId, client.ParentSpanId);
        Assert.Equal(seen[2], client.SpanId);
    }

    [Fact]
    public async Task Request_WithoutTraceparent_StartsATrace_TheServerContinues()
    {
        // A client that sends no traceparent (in this process .NET's own client would add one, unsampled).
        using var proxy = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null });
        var echo = await proxy.GetFromJsonAsync<EchoResponse>(_host.ListenerUrl("/fresh"));
        var traceId = echo!.Headers["traceparent"].Split('-')[1];

        var spans = await SpansOfAsync(traceId, 3);
        var server = Assert.Single(spans, s => s.Kind == ReceivedSpan.KindServer);
        Assert.Equal("", server.ParentSpanId);
    }

    [Fact]
    public async Task RetriedRequest_ShowsEachTryWithItsServer_AndTheRuleScopeThatRan()
    {
        var document = _host.Store.Read().Document;
        var cluster = document.Clusters.Single();
        var route = document.Routes.Single();
        var committed = await _host.Store.CommitAsync(_host.Revision,
        [
            ConfigOperation.Update(cluster with
            {
                LoadBalancing = LoadBalancingNames.First,
                Servers = [new ServerConfig { Id = "dead", Address = MisbehavingServer.RefusingUrl() }, .. cluster.Servers],
            }),
            ConfigOperation.Update(route with { Rules = "http-request set-header X-Traced yes" }),
        ], "tracing test", "a dead server first");
        Assert.Equal(CommitStatus.Committed, committed.Status);

        using var proxy = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null });
        var echo = await proxy.GetFromJsonAsync<EchoResponse>(_host.ListenerUrl("/retried"));
        Assert.Equal("yes", echo!.Headers["X-Traced"]);
        var traceId = echo.Headers["traceparent"].Split('-')[1];

        var spans = await SpansOfAsync(traceId, 6);
        var tries = spans.Where(s => s.Name.StartsWith("try ", StringComparison.Ordinal)).OrderBy(s => s.Attributes["gateway.try"]).ToList();
        Assert.Equal(["try dead", "try s1"], tries.Select(t => t.Name));
        Assert.Equal("ConnectFailed", tries[0].Attributes["error.type"]);
        Assert.Equal("200", tries[1].Attributes["http.response.status_code"]);
        Assert.Equal("1", spans.Single(s => s.Name == "forward backend").Attributes["gateway.retries"]);
        var rules = Assert.Single(spans, s => s.Name == "rules http-request route all");
        Assert.Equal("continue", rules.Attributes["gateway.rules.outcome"]);
    }

    [Fact]
    public async Task OnTheHttp1Core_TheSameSpans_TheCallersTraceContinued_AndTheServerSeesTheTry()
    {
        var document = _host.Store.Read().Document;
        var committed = await _host.Store.CommitAsync(_host.Revision,
        [
            ConfigOperation.Update(document.Listeners.Single() with { Http1Core = true }),
            ConfigOperation.Update(document.Routes.Single() with { Rules = "http-request set-header X-Traced core" }),
        ], "tracing test", "the listener on the HTTP/1.1 core");
        Assert.Equal(CommitStatus.Committed, committed.Status);

        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        const string callerSpan = "00f067aa0ba902b7";
        using var proxy = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null });
        using var request = new HttpRequestMessage(HttpMethod.Get, _host.ListenerUrl("/core"));
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{callerSpan}-01");
        request.Headers.TryAddWithoutValidation("tracestate", "vendor=1");
        using var response = await proxy.SendAsync(request);
        var echo = await response.Content.ReadFromJsonAsync<EchoResponse>();
        Assert.Equal("core", echo!.Headers["X-Traced"]);

        var spans = await SpansOfAsync(traceId, 4);
        var server = Assert.Single(spans, s => s.Kind == ReceivedSpan.KindServer);
        Assert.Equal(("Gateway", callerSpan, "GET all"), (server.Scope, server.ParentSpanId, server.Name));
        Assert.Equal(("200", "web", "backend", "1.1"), (server.Attributes["http.response.status_code"], server.Attributes["gateway.listener"],
            server.Attributes["gateway.cluster"], server.Attributes["network.protocol.version"]));
        var forward = Assert.Single(spans, s => s.Name == "forward backend");
        Assert.Equal(server.SpanId, forward.ParentSpanId);
        var attempt = Assert.Single(spans, s => s.Name == "try s1");
        Assert.Equal(forward.SpanId, attempt.ParentSpanId);
        Assert.Equal(server.SpanId, Assert.Single(spans, s => s.Name == "rules http-request route all").ParentSpanId);

        // The core has no HTTP client under the try: the server's parent is the try itself, once, with the caller's state.
        Assert.DoesNotContain(spans, s => s.Kind == ReceivedSpan.KindClient);
        Assert.Equal($"00-{traceId}-{attempt.SpanId}-01", echo.Headers["traceparent"]);
        Assert.Equal("vendor=1", echo.Headers["tracestate"]);
    }

    [Fact]
    public async Task Metrics_ArePushedByOtlpToo()
    {
        using var proxy = new HttpClient();
        (await proxy.GetAsync(_host.ListenerUrl("/counted"))).Dispose();
        await Eventually.TrueAsync(() => _collector.MetricExports.Any(body => Contains(body, "gateway.requests")), "an OTLP metrics export with gateway.requests");
    }

    private async Task<List<ReceivedSpan>> SpansOfAsync(string traceId, int atLeast)
    {
        var spans = new List<ReceivedSpan>();
        await Eventually.TrueAsync(() =>
        {
            _host.Services.GetRequiredService<TracerProvider>().ForceFlush(2000);
            spans = _collector.Spans.Where(s => s.TraceId == traceId).ToList();
            return spans.Count >= atLeast;
        }, $"{atLeast} spans of trace {traceId}");
        return spans;
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
}

/// <summary>Telemetry settings a host cannot use stop it at start, naming the setting.</summary>
public sealed class TelemetrySettingsTests
{
    [Theory]
    [InlineData("--Gateway:Telemetry:OtlpEndpoint=ftp://collector", "Gateway:Telemetry:OtlpEndpoint")]
    [InlineData("--Gateway:Telemetry:TraceSamplingRatio=1.5", "Gateway:Telemetry:TraceSamplingRatio")]
    [InlineData("--Gateway:Telemetry:ScrapeAllowedAddresses:0=10.0.0.0/99", "Gateway:Telemetry:ScrapeAllowedAddresses:0")]
    [InlineData("--Gateway:Telemetry:MetricsInterval=soon", "Gateway:Telemetry:MetricsInterval")]
    public async Task BadSetting_StopsTheHost_NamingIt(string argument, string setting)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ApiHost.StartAsync(args: [argument]));
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }
}
