using Gateway.Core.Configuration;
using Gateway.Health;
using Gateway.Tests.Common;
using Gateway.Tests.Tcp;
using Microsoft.Extensions.Logging;
using Gateway.Model;

namespace Gateway.Tests.Health;

/// <summary>One cluster's connect checks driven directly, on a manual clock, against real sockets.</summary>
public sealed class TcpClusterChecksTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Round_ThatThrows_StillSetsTheNextRound()
    {
        var clock = new ManualTimeProvider();
        var health = new ServerHealthTable(new SnapshotHolder());
        var cluster = new ClusterConfig
        {
            Id = "db",
            Servers = [new ServerConfig { Id = "dead", Address = TcpTestServer.DeadAddress() }],
            HealthCheck = new HealthCheckConfig { Interval = Interval, Fall = 1 },
        };

        // The round's "server is down" log throws: anything thrown in a round must not end the checks.
        using var checks = TcpClusterChecks.Start(cluster, health, clock, new ThrowingLogger());
        await Eventually.TrueAsync(() => health.Get("db", "dead").Status == ServerHealthStatus.Down, "the first round");
        await Eventually.TrueAsync(() => clock.PendingTimers == 1, "the next round set");
        var first = health.Get("db", "dead").LastCheckAt;

        clock.Advance(Interval);

        await Eventually.TrueAsync(() => health.Get("db", "dead").LastCheckAt > first, "the second round");
        Assert.Equal(2, health.Get("db", "dead").ConsecutiveFailures);
    }

    private sealed class ThrowingLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            throw new InvalidOperationException("The log sink failed.");
    }
}
