using Gateway.Core.Import.Haproxy;
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

        // The gateway runs what importing HAProxy's own configuration gives (each listener moved to a
        // port of its own): the suite compares HAProxy with its imported self.
        var imported = HaproxyImporter.Import(Haproxy.Configuration, new HaproxyImportOptions { ReadFile = HaproxyImportOptions.FilesUnder(Haproxy.MapDirectory) });
        var inProxies = imported.NotConverted.Where(n => n.Line >= HaproxyFrontends.FirstRulesLine - 2).ToList();
        if (inProxies.Count > 0)
        {
            throw new InvalidOperationException("Importing the suite's haproxy.cfg left out lines of its proxies:\n" + string.Join('\n', inProxies));
        }

        var config = imported.Document with
        {
            Listeners = [.. imported.Document.Listeners.Select(l => l with { Address = "127.0.0.1:0" })],
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
