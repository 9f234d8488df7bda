using Gateway.Backends;

namespace Gateway.Forwarding;

/// <summary>
/// A request or response body YARP copies through: every read and write passes to <paramref name="inner"/>, and after
/// <see cref="RelayFairness.Budget"/> bytes that went without a wait the copy yields, so a large body on a fast
/// connection does not keep other connections' events waiting (<see cref="RelayFairness"/>). YARP's copy loop is its
/// own; a stream around the body is where it can be given the same budget as the core's relay.
/// </summary>
/// <remarks>Seeking passes through too: a body buffered for a retry is rewound through this stream.</remarks>
internal sealed class FairBodyStream(Stream inner) : Stream
{
    private RelayFairness _fairness;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var reading = inner.ReadAsync(buffer, cancellationToken);
        if (!reading.IsCompletedSuccessfully)
        {
            _fairness.Waited();
            return reading;
        }

        var read = reading.Result;
        return _fairness.Spend(read) ? YieldThen(read) : new ValueTask<int>(read);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var writing = inner.WriteAsync(buffer, cancellationToken);
        if (!writing.IsCompletedSuccessfully)
        {
            _fairness.Waited();
            return writing;
        }

        return _fairness.Spend(buffer.Length) ? YieldThen() : default;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => inner.SetLength(value);

    /// <summary>Whether a body of <paramref name="length"/> (null: unknown) needs this stream: only one above the budget can spend it.</summary>
    public static bool MayExceedBudget(long? length) => length is not { } known || known > RelayFairness.Budget;

    private static async ValueTask<int> YieldThen(int read)
    {
        await RelayFairness.YieldAsync(); // the connections behind this one run
        return read;
    }

    private static ValueTask YieldThen() => RelayFairness.YieldAsync();
}
