using System.Buffers;

namespace Gateway.Http1.Proxy;

/// <summary>
/// Writes a head into spans of an <see cref="IBufferWriter{T}"/>, asking it for room once per head (or when a head
/// outgrows the span) and advancing it once in <see cref="Commit"/>, instead of a GetSpan and an Advance per piece.
/// </summary>
/// <remarks>
/// The writer is usually the client connection's output pipe, whose every GetSpan and Advance is an interface call that
/// takes the pipe's lock: a response head written piece by piece (status line, each field line, CRLFs) made about twenty
/// of each, a measurable share of a request (about 2 % of the proxy's CPU samples at 100 B). Kestrel writes its own heads
/// the same way, through a span it commits once.
/// </remarks>
internal ref struct HeadSpanWriter
{
    /// <summary>Room asked for at first and whenever the span runs out: most heads fit in one.</summary>
    private const int SizeHint = 1024;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _buffered;

    public HeadSpanWriter(IBufferWriter<byte> output)
    {
        _output = output;
        _span = output.GetSpan(SizeHint);
    }

    /// <summary>At least <paramref name="length"/> bytes to write into; say how many were used with <see cref="Advance"/>.</summary>
    public Span<byte> Reserve(int length)
    {
        if (_span.Length - _buffered < length)
        {
            // Hand over what is written so far and take a new span big enough for this piece.
            _output.Advance(_buffered);
            _buffered = 0;
            _span = _output.GetSpan(Math.Max(length, SizeHint));
        }

        return _span[_buffered..];
    }

    public void Advance(int count) => _buffered += count;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _buffered += bytes.Length;
    }

    /// <summary>Hands everything written to the underlying writer; write nothing more through this one afterwards.</summary>
    public void Commit()
    {
        _output.Advance(_buffered);
        _buffered = 0;
        _span = default;
    }
}
