namespace Gateway.Core.Tests.StickTables;

/// <summary>A clock that moves only when a test says so, in milliseconds.</summary>
internal sealed class StepClock : TimeProvider
{
    private long _ticks = TimeSpan.FromDays(1).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(_ticks);

    public void Advance(long milliseconds) => _ticks += milliseconds * TimeSpan.TicksPerMillisecond;
}
