using Gateway.LoadBalancing;

namespace Gateway.Tests.LoadBalancing;

public class WeightedSelectionTests
{
    [Theory]
    [InlineData(new[] { 3, 1 }, "aaba")]
    [InlineData(new[] { 5, 1, 1 }, "aabacaa")]
    [InlineData(new[] { 1, 1, 1 }, "abc")]
    [InlineData(new[] { 2, 0, 1 }, "aca")]
    public void SmoothWeightedRoundRobin_OneCycle_InterleavesByWeight(int[] weights, string expected)
    {
        var selection = new SmoothWeightedRoundRobin(weights);

        var picks = new string([.. Enumerable.Range(0, expected.Length).Select(_ => (char)('a' + selection.Next()))]);

        Assert.Equal(expected, picks);
    }

    [Theory]
    [InlineData(new[] { 3, 1 })]
    [InlineData(new[] { 7, 0, 2, 256 })]
    [InlineData(new[] { 1, 2, 3, 4, 5 })]
    public void SmoothWeightedRoundRobin_AnyWholeNumberOfCycles_GivesExactShares(int[] weights)
    {
        var selection = new SmoothWeightedRoundRobin(weights);
        var counts = new int[weights.Length];
        const int Cycles = 5;

        for (var i = 0; i < Cycles * weights.Sum(); i++)
        {
            counts[selection.Next()]++;
        }

        Assert.Equal(weights.Select(w => w * Cycles), counts);
    }

    [Fact]
    public void SmoothWeightedRoundRobin_AllWeightsZero_PicksNothing()
    {
        Assert.Equal(-1, new SmoothWeightedRoundRobin([0, 0]).Next());
        Assert.Equal(-1, new SmoothWeightedRoundRobin([]).Next());
    }

    [Fact]
    public void IndexOf_EveryPointOfTheRange_LandsOnTheEntryItBelongsTo()
    {
        int[] weights = [2, 0, 3, 1];
        var cumulative = WeightedSelection.Cumulative(weights);

        var owners = Enumerable.Range(0, cumulative[^1]).Select(point => WeightedSelection.IndexOf(cumulative, point));

        Assert.Equal([0, 0, 2, 2, 2, 3], owners);
    }

    [Theory]
    [InlineData(0, 1, 0, 1, false)] // equal load: not lighter
    [InlineData(0, 2, 0, 1, true)] // (0+1)/2 < (0+1)/1
    [InlineData(3, 3, 1, 1, true)] // 4/3 < 2/1
    [InlineData(2, 3, 0, 1, false)] // 3/3 = 1/1: a tie is not lighter
    [InlineData(1, 3, 1, 1, true)] // 2/3 < 2/1
    [InlineData(0, 0, 9, 1, false)] // weight 0 is never lighter
    [InlineData(9, 1, 0, 0, true)] // than weight 0, anything is
    public void IsLighter_ComparesLoadPerWeight(int inFlightA, int weightA, int inFlightB, int weightB, bool expected)
    {
        Assert.Equal(expected, WeightedSelection.IsLighter(inFlightA, weightA, inFlightB, weightB));
    }
}
