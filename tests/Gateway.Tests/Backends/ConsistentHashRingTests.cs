using Gateway.LoadBalancing;

namespace Gateway.Tests.Backends;

public class ConsistentHashRingTests
{
    private static int[] Owners(ConsistentHashRing ring, int keys) =>
        [.. Enumerable.Range(0, keys).Select(k => ring.Find(StableHash.Of($"key-{k}"), 0, static (_, _) => true))];

    [Fact]
    public void AddingAServer_MovesAboutOneNthOfTheKeys_AllToTheNewServer()
    {
        string[] four = ["a", "b", "c", "d"];
        string[] five = [.. four, "e"];
        var before = new ConsistentHashRing(four, [1, 1, 1, 1]);
        var after = new ConsistentHashRing(five, [1, 1, 1, 1, 1]);
        const int keys = 20_000;

        var ownersBefore = Owners(before, keys);
        var ownersAfter = Owners(after, keys);
        var moved = 0;
        for (var k = 0; k < keys; k++)
        {
            var was = four[ownersBefore[k]];
            var now = five[ownersAfter[k]];
            if (was != now)
            {
                moved++;
                Assert.Equal("e", now); // a key only ever moves to the new server
            }
        }

        var share = moved / (double)keys;
        Assert.InRange(share, 0.12, 0.28); // ideal 1/5 = 0.2
    }

    [Fact]
    public void Shares_FollowTheWeights()
    {
        var ring = new ConsistentHashRing(["light", "heavy"], [1, 3]);
        var owners = Owners(ring, 20_000);
        var heavy = owners.Count(o => o == 1) / 20_000.0;
        Assert.InRange(heavy, 0.68, 0.82); // ideal 0.75
    }

    [Fact]
    public void RefusedServers_AreWalkedPast_AndAllRefusedGivesMinusOne()
    {
        var ring = new ConsistentHashRing(["a", "b", "c"], [1, 1, 1]);
        var hash = StableHash.Of("some key");
        var owner = ring.Find(hash, 0, static (_, _) => true);

        var next = ring.Find(hash, owner, static (refused, i) => i != refused);

        Assert.NotEqual(owner, next);
        Assert.InRange(next, 0, 2);
        Assert.Equal(-1, ring.Find(hash, 0, static (_, _) => false));
    }

    [Fact]
    public void TheHash_IsFixed()
    {
        // FNV-1a 64 and MurmurHash3's finaliser, computed independently: a change here would move
        // every client of every hashed cluster on upgrade, and differ between nodes of mixed versions.
        Assert.Equal(0xc879e56ddc6c5c88UL, StableHash.Of("10.0.0.1"));
        Assert.Equal(0x97777be749c81140UL, StableHash.Of("/item/7"));
        Assert.Equal(StableHash.Of(new string('x', 300)), StableHash.Of(System.Text.Encoding.UTF8.GetBytes(new string('x', 300))));
    }
}
