using System.IO.Pipelines;
using Gateway.Connections;
using Gateway.Http1.Proxy;
using Gateway.Tests.Common;

namespace Gateway.Tests.Http1;

/// <summary>The HTTP/1.1 core's bounds on waiting for a client, on the shared heartbeat: a body's minimum rate and a lingering close.</summary>
public class ClientReadGuardTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly Pipe _pipe = new();

    private ClientReadGuard Guard(int minRate = 1000) => new(_pipe.Reader, new ConnectionHeartbeat(_time), minRate, TimeSpan.FromSeconds(5));

    private void Seconds(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task ABodyThatDoesNotCome_IsCutAfterTheGrace_NotBefore()
    {
        var guard = Guard();
        guard.StartBody();
        guard.BeforeRead();
        var read = _pipe.Reader.ReadAsync();

        Seconds(5);
        Assert.False(read.IsCompleted, "within the grace");
        Seconds(1);

        Assert.True((await read).IsCanceled);
        Assert.True(guard.Expired);
    }

    [Fact]
    public async Task ABodyAboveTheRate_IsNotCut()
    {
        var guard = Guard();
        guard.StartBody();
        for (var second = 0; second < 10; second++)
        {
            await _pipe.Writer.WriteAsync(new byte[2000]);
            guard.BeforeRead();
            var read = await _pipe.Reader.ReadAsync();
            guard.AfterRead(read.Buffer.Length);
            _pipe.Reader.AdvanceTo(read.Buffer.End);
            guard.BeforeRead();
            Seconds(1);
        }

        Assert.False(guard.Expired);
    }

    [Fact]
    public void TimeSpentWhileNotWaitingForTheClient_DoesNotCount()
    {
        var guard = Guard();
        guard.StartBody();

        Seconds(30); // the server taking the bytes, say

        Assert.False(guard.Expired);
    }

    [Fact]
    public void WithTheRateOff_NothingIsCut()
    {
        var guard = Guard(minRate: 0);
        guard.StartBody();
        guard.BeforeRead();

        Seconds(30);

        Assert.False(guard.ChecksBodyRate);
        Assert.False(guard.Expired);
    }

    [Fact]
    public async Task Lingering_EndsAtAHeartbeatWithoutABytes_AndAtItsLimitWhileBytesKeepComing()
    {
        var quiet = Guard();
        quiet.StartLinger(TimeSpan.FromSeconds(2));
        quiet.BeforeRead();
        var read = _pipe.Reader.ReadAsync();
        Seconds(1);
        Assert.True((await read).IsCanceled);
        Assert.True(quiet.Expired);

        var busy = new ClientReadGuard(_pipe.Reader, new ConnectionHeartbeat(_time), 1000, TimeSpan.FromSeconds(5));
        busy.StartLinger(TimeSpan.FromSeconds(2));
        busy.AfterRead(100);
        busy.BeforeRead();
        Seconds(1);
        Assert.False(busy.Expired, "bytes came since the start");
        busy.AfterRead(100);
        busy.BeforeRead();
        Seconds(1);
        Assert.True(busy.Expired, "the limit");
    }
}
