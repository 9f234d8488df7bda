using Gateway.Http1.Sockets;

namespace Gateway.Tests.Http1;

/// <summary>
/// The core's socket buffers: a size for each kind of read and send, deep enough for a buffer on every busy connection
/// (the shared array pool keeps 32 per core), and let go by half every purge while unused.
/// </summary>
public class SocketBufferPoolTests
{
    [Theory]
    [InlineData(1, SocketPipeReader.ClientReadSize)]
    [InlineData(SocketPipeReader.ClientReadSize, SocketPipeReader.ClientReadSize)]
    [InlineData(SocketPipeReader.ClientReadSize + 1, SocketPipeReader.ReadSize)]
    [InlineData(SocketPipeReader.ReadSize, SocketPipeReader.ReadSize)]
    [InlineData(40_000, SocketPipeWriter.MaximumBufferSize)]
    public void ABufferIsOfTheSmallestSizeThatFits(int asked, int length)
    {
        var pool = new SocketBufferPool();
        var buffer = pool.Rent(asked);
        Assert.Equal(length, buffer.Length);
        pool.Return(buffer);
        Assert.Equal(1, pool.SpareCount(length));
        Assert.Same(buffer, pool.Rent(asked));
    }

    [Fact]
    public void ALargerBuffer_ComesFromTheSharedPool_AndGoesBackThere()
    {
        var pool = new SocketBufferPool();
        var buffer = pool.Rent(200_000);
        Assert.True(buffer.Length >= 200_000);
        pool.Return(buffer);
        Assert.Equal(0, pool.SpareCount(buffer.Length));
    }

    [Fact]
    public void ABufferForEachOfManyConnections_IsKept_AndReusedWithoutAllocating()
    {
        var pool = new SocketBufferPool();
        var inUse = Enumerable.Range(0, 300).Select(_ => pool.Rent(SocketPipeReader.ReadSize)).ToArray();
        foreach (var buffer in inUse)
        {
            pool.Return(buffer);
        }

        Assert.Equal(300, pool.SpareCount(SocketPipeReader.ReadSize));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < inUse.Length; i++)
        {
            inUse[i] = pool.Rent(SocketPipeReader.ReadSize);
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < SocketPipeReader.ReadSize, "300 buffers rented again from 300 spares allocated");
        Assert.Equal(300, inUse.Distinct().Count());
    }

    [Fact]
    public void SpareBuffers_AreLetGoByHalf_OnlyWhileUnused()
    {
        var pool = new SocketBufferPool();
        var buffers = Enumerable.Range(0, 40).Select(_ => pool.Rent(SocketPipeReader.ClientReadSize)).ToArray();
        foreach (var buffer in buffers)
        {
            pool.Return(buffer);
        }

        pool.Purge(); // the first purge only starts the count: none of the 40 had stayed unused for a whole interval
        Assert.Equal(40, pool.SpareCount(SocketPipeReader.ClientReadSize));

        // In use down to 30 spares and back: 30 stayed unused all along, so 15 go.
        var taken = Enumerable.Range(0, 10).Select(_ => pool.Rent(SocketPipeReader.ClientReadSize)).ToArray();
        foreach (var buffer in taken)
        {
            pool.Return(buffer);
        }

        pool.Purge();
        Assert.Equal(25, pool.SpareCount(SocketPipeReader.ClientReadSize));
        pool.Purge();
        Assert.Equal(12, pool.SpareCount(SocketPipeReader.ClientReadSize));
        for (var i = 0; i < 5; i++)
        {
            pool.Purge();
        }

        Assert.Equal(0, pool.SpareCount(SocketPipeReader.ClientReadSize));
    }
}
