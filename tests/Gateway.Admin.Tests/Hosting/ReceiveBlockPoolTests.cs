using Gateway.Admin.Hosting;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Hosting;

/// <summary>The pool behind <c>Gateway:Runtime:ReceiveBlockSize</c>: blocks of the size asked for, reused most recent first, bounded, idle ones evicted.</summary>
public class ReceiveBlockPoolTests
{
    private static ReceiveBlockPool Pool(int maxPooled = 8) => new(65536, maxPooled, TimeProvider.System, TimeSpan.Zero);

    [Fact]
    public void Rent_GivesAWholeBlockWhateverIsAsked_AndRefusesMoreThanABlock()
    {
        using var pool = Pool();
        using var any = pool.Rent();
        using var small = pool.Rent(2048);
        Assert.Equal(65536, any.Memory.Length);
        Assert.Equal(65536, small.Memory.Length);
        Assert.Equal(65536, pool.MaxBufferSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(65537));
    }

    [Fact]
    public void AReturnedBlock_IsRentedAgain_MostRecentFirst_AndASecondDisposeDoesNotPoolItTwice()
    {
        using var pool = Pool();
        var first = pool.Rent();
        var second = pool.Rent();
        first.Dispose();
        second.Dispose();
        second.Dispose();
        Assert.Equal(2, pool.PooledCount);

        using var again = pool.Rent();
        using var then = pool.Rent();
        Assert.Same(second, again);
        Assert.Same(first, then);
        Assert.Equal(2, pool.AllocatedCount);
        Assert.Equal(0, pool.PooledCount);
    }

    [Fact]
    public void APoolKeepsAtMostItsBound_TheRestIsLeftToTheGc()
    {
        using var pool = Pool(maxPooled: 3);
        var blocks = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();
        blocks.ForEach(b => b.Dispose());
        Assert.Equal(3, pool.PooledCount);
    }

    [Fact]
    public void EvictIdle_GivesBackHalfOfTheBlocksNobodyRentedSinceLastTime_AndKeepsTheOnesInUse()
    {
        using var pool = Pool(maxPooled: 16);
        var blocks = Enumerable.Range(0, 8).Select(_ => pool.Rent()).ToList();
        blocks.ForEach(b => b.Dispose());
        pool.EvictIdle(); // starts the first interval: nothing was seen idle yet
        Assert.Equal(8, pool.PooledCount);

        pool.EvictIdle(); // all 8 stayed unused for a whole interval: half go
        Assert.Equal(4, pool.PooledCount);

        // Steady use of 4 blocks: rent all and give them back within each interval, nothing is evicted.
        for (var round = 0; round < 3; round++)
        {
            var inUse = Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList();
            inUse.ForEach(b => b.Dispose());
            pool.EvictIdle();
            Assert.Equal(4, pool.PooledCount);
        }

        pool.EvictIdle();
        pool.EvictIdle();
        pool.EvictIdle();
        Assert.Equal(0, pool.PooledCount);
        Assert.Equal(8, pool.AllocatedCount);
    }

    [Fact]
    public void TheEvictionTimer_RunsEveryInterval()
    {
        var clock = new ManualTimeProvider();
        using var pool = new ReceiveBlockPool(4096, 8, clock, TimeSpan.FromSeconds(10));
        var blocks = Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList();
        blocks.ForEach(b => b.Dispose());
        clock.Advance(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, pool.PooledCount);
    }

    [Fact]
    public void ADisposedPool_RefusesRents_AndDropsBlocksReturnedLate()
    {
        var pool = Pool();
        var block = pool.Rent();
        pool.Dispose();
        block.Dispose();
        Assert.Equal(0, pool.PooledCount);
        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
    }
}
