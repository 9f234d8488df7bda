using Gateway.Health;

namespace Gateway.Tests.Health;

public class ServerHealthTableTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Next_FirstPassedCheck_IsUpAtOnce()
    {
        var health = ServerHealthTable.Next(ServerHealth.NotChecked, null, rise: 2, fall: 3, Start);

        Assert.Equal((ServerHealthStatus.Up, Start, 1), (health.Status, health.Since, health.ConsecutiveSuccesses));
    }

    [Fact]
    public void Next_FailuresBelowFall_KeepTheServerUp_AndTheFallthTakesItDown()
    {
        var health = ServerHealthTable.Next(ServerHealth.NotChecked, null, 2, 3, Start);
        var statuses = new List<ServerHealthStatus>();
        for (var i = 1; i <= 3; i++)
        {
            health = ServerHealthTable.Next(health, "HTTP 503", 2, 3, Start.AddSeconds(i));
            statuses.Add(health.Status);
        }

        Assert.Equal([ServerHealthStatus.Up, ServerHealthStatus.Up, ServerHealthStatus.Down], statuses);
        Assert.Equal((Start.AddSeconds(3), "HTTP 503", 3, 0), (health.Since, health.LastFailure, health.ConsecutiveFailures, health.ConsecutiveSuccesses));
    }

    [Fact]
    public void Next_DownServer_NeedsRiseSuccessesInARow()
    {
        var down = new ServerHealth(ServerHealthStatus.Down, Start, ConsecutiveFailures: 3);

        var once = ServerHealthTable.Next(down, null, rise: 2, fall: 3, Start.AddSeconds(1));
        var interrupted = ServerHealthTable.Next(once, "timed out", 2, 3, Start.AddSeconds(2));
        var again = ServerHealthTable.Next(interrupted, null, 2, 3, Start.AddSeconds(3));
        var twice = ServerHealthTable.Next(again, null, 2, 3, Start.AddSeconds(4));

        Assert.Equal([ServerHealthStatus.Down, ServerHealthStatus.Down, ServerHealthStatus.Down, ServerHealthStatus.Up], [once.Status, interrupted.Status, again.Status, twice.Status]);
        Assert.Equal(Start, again.Since);
        Assert.Equal(Start.AddSeconds(4), twice.Since);
        Assert.Equal("timed out", twice.LastFailure);
    }

    [Fact]
    public void Next_FallOfOne_TakesANotCheckedServerDownOnItsFirstFailure()
    {
        var health = ServerHealthTable.Next(ServerHealth.NotChecked, "connection failed: ConnectionRefused", rise: 1, fall: 1, Start);

        Assert.Equal(ServerHealthStatus.Down, health.Status);
    }
}
