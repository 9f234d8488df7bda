using Gateway.Core.StickTables;

namespace Gateway.Core.Tests.StickTables;

/// <summary>
/// The rate arithmetic, step by step, as HAProxy's freq_ctr computes it: events of the current
/// period plus the previous period's weighted by what is left of the current one.
/// </summary>
public class FreqCounterTests
{
    /// <summary>Each step: at time (ms) add events, then read; the period is 10 s.</summary>
    public static TheoryData<string, (long At, long Add, long Expected)[]> Steps => new()
    {
        { "events in the first period count fully", [(0, 1, 1), (100, 1, 2), (9_999, 3, 5)] },
        {
            "half of the previous period weighs half at mid-period",
            [(0, 10, 10), (10_000, 0, 10), (15_000, 0, 5), (19_999, 0, 0), (20_000, 0, 0)]
        },
        {
            "previous and current add up",
            [(0, 10, 10), (12_000, 4, 8 + 4), (17_500, 0, 2 + 4), (20_000, 0, 4)]
        },
        {
            "two idle periods or more forget everything and restart the period at the event",
            [(0, 10, 10), (25_000, 1, 1), (34_999, 0, 1), (35_000, 0, 1), (35_001, 0, 0), (45_000, 0, 0)]
        },
        {
            "the period moves by whole periods, so it stays aligned to the first event",
            [(0, 1, 1), (13_000, 2, 0 + 2 + 0), (20_000, 0, 2), (25_000, 0, 1)]
        },
        { "rounding is down", [(0, 3, 3), (10_000, 0, 3), (13_333, 0, 2), (16_667, 0, 0 + 0)] },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public void AddThenRead_FollowsHaproxyArithmetic(string scenario, (long At, long Add, long Expected)[] steps)
    {
        const long period = 10_000;
        var counter = new long[FreqCounter.Slots];
        FreqCounter.Reset(counter, 0);
        foreach (var (at, add, expected) in steps)
        {
            if (add > 0)
            {
                FreqCounter.Add(counter, at, period, add);
            }

            Assert.True(expected == FreqCounter.Read(counter, at, period), $"{scenario}: at {at} ms expected {expected}, read {FreqCounter.Read(counter, at, period)}");
        }
    }
}
