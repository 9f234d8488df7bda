using System.Net;
using System.Net.Sockets;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Api;

/// <summary>Listeners created through the API bind live, and <c>/status</c> tells which are bound and why one is not.</summary>
public sealed class ListenerApiTests : IAsyncLifetime
{
    private BackendServer _backend = null!;
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("b");
        _host = await ApiHost.StartAsync(_backend);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task CreatedListener_BindsLive_AndStatusShowsItsState()
    {
        using var created = await _host.SendAsync(HttpMethod.Post, "listeners", ApiHost.Json("""{ "id": "extra", "address": "127.0.0.1:0", "protocols": ["http1"] }"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var extra = await ListenerInStateAsync("extra", "bound");
        using var proxied = await new HttpClient().GetAsync(new Uri(extra["url"]!.GetValue<string>()));

        Assert.Equal("b", proxied.Headers.GetValues("X-Backend").Single());
        Assert.Equal("Http1", extra["protocols"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListenerOnATakenPort_IsCommitted_AndStatusSaysWhyItIsNotBound()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;

        using var created = await _host.SendAsync(HttpMethod.Post, "listeners", ApiHost.Json($$"""{ "id": "taken", "address": "127.0.0.1:{{port}}" }"""));
        var taken = await ListenerInStateAsync("taken", "failed");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("in use", taken["error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("bound", (await ListenerStatus("web"))!["state"]!.GetValue<string>());
        blocker.Stop();
    }

    [Fact]
    public async Task Status_CountsConnectionsClosedBeforeHttp()
    {
        using var rules = await _host.SendAsync(HttpMethod.Put, "listeners/web/rules", ApiHost.Json("tcp-request connection reject", "text/plain"));
        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);

        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, _host.ListenerUrl().Port);
                Assert.Equal(0, await socket.ReceiveAsync(new byte[16]));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                // A reject may arrive as a reset, even while connecting: closed either way.
            }
        }

        var connections = (await ListenerStatus("web"))!["connections"]!;
        Assert.Equal(1, connections["rejected"]!.GetValue<long>());
        Assert.Equal(0, connections["proxyProtocolErrors"]!.GetValue<long>());
        Assert.Equal(0, connections["waiting"]!.GetValue<int>());
    }

    [Fact]
    public async Task Http3Alone_IsRefusedWithThePathAndWhy()
    {
        using var refused = await _host.SendAsync(HttpMethod.Patch, "listeners/web", ApiHost.Json("""{ "protocols": ["http3"] }"""));

        var problem = await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, refused);
        var error = ProblemAssert.Errors(problem).Single();
        Assert.Equal("listeners[web].protocols", error.Path);
        Assert.Contains("http3 needs http1 or http2", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _host.Revision);
    }

    /// <summary>Polls <c>/status</c> (bounded: listener changes are applied in the background) until the listener is in <paramref name="state"/>.</summary>
    private async Task<System.Text.Json.Nodes.JsonNode> ListenerInStateAsync(string id, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (await ListenerStatus(id) is { } listener && listener["state"]!.GetValue<string>() == state)
            {
                return listener;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for listener {id} to be {state}.");
            }

            await Task.Delay(50);
        }
    }

    private async Task<System.Text.Json.Nodes.JsonNode?> ListenerStatus(string id)
    {
        using var status = await _host.Admin.GetAsync("status");
        var listeners = (await ApiHost.ReadJsonAsync(status))["listeners"]!.AsArray();
        return listeners.FirstOrDefault(l => l!["id"]!.GetValue<string>() == id);
    }
}
