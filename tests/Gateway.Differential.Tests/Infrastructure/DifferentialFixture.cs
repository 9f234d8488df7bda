using Gateway.Core.Configuration;
using Gateway.Core.Validation;
using Gateway.Listeners;
using Gateway.Tests.Common;

namespace Gateway.Differential.Tests.Infrastructure;

/// <summary>
/// Starts, once for all cases, three echo servers (web, api, other), one HAProxy with a frontend per
/// case and one gateway with a listener per case (default cluster web), all on loopback.
/// </summary>
public sealed class DifferentialFixture : IAsyncLifetime
{
    private readonly List<EchoServer> _servers = [];

    public HaproxyFrontends Haproxy { get; private set; } = null!;

    public GatewayTestHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        foreach (var name in new[] { "web", "api", "other" })
        {
            _servers.Add(EchoServer.Start(name));
        }

        var backends = _servers.ToDictionary(s => s.Name, s => s.Port);
        var cases = DifferentialCases.All;
        Haproxy = await HaproxyFrontends.StartAsync(cases, backends);

        var config = new GatewayConfig
        {
            Listeners = [.. cases.Select(c => new ListenerConfig { Id = c.Name, Address = "127.0.0.1:0", DefaultCluster = "web", Rules = c.Rules })],
            Clusters = [.. _servers.Select(s => new ClusterConfig { Id = s.Name, Servers = [new ServerConfig { Id = "s1", Address = $"http://127.0.0.1:{s.Port}" }] })],
        };
        var errors = ConfigValidator.Validate(config);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The gateway refuses rules HAProxy accepts:\n" + string.Join('\n', errors));
        }

        Gateway = await GatewayTestHost.StartAsync(config);
        foreach (var @case in cases)
        {
            await Gateway.ListenerStateAsync(@case.Name, ListenerState.Bound);
        }
    }

    public int GatewayPort(string caseName) => Gateway.Url(caseName).Port;

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Haproxy is not null)
        {
            await Haproxy.DisposeAsync();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }
}
