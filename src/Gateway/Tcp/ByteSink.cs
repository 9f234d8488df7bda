using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Gateway.Tcp;

/// <summary>Where one direction of a TCP-mode connection writes: a socket, or a pipe when the client's transport is wrapped.</summary>
internal abstract class ByteSink
{
    /// <summary>Completes when the bytes are handed on, so the reader does not run ahead of the peer (back-pressure).</summary>
    public abstract ValueTask WriteAsync(ReadOnlySequence<byte> bytes, CancellationToken cancellationToken);

    /// <summary>Sends FIN: the source side finished sending.</summary>
    public abstract ValueTask ShutdownAsync();

    public static ByteSink For(Socket socket) => new SocketSink(socket);

    public static ByteSink For(PipeWriter writer) => new PipeSink(writer);

    /// <summary>
    /// A socket: the server's, or the client's own when it is plain TCP. What a client sends arrives in
    /// Kestrel's 4 KiB blocks, and while the server keeps up a read finds up to a megabyte of them
    /// waiting: those go out in one gathering send (sendmsg, one iovec per block) instead of one send
    /// per block, which cost over twice the CPU per byte (docs/benchmarks.md). Large blocks, as read
    /// from servers, go one send each.
    /// </summary>
    private sealed class SocketSink(Socket socket) : ByteSink
    {
        // Well under Linux's IOV_MAX of 1,024 buffers per sendmsg.
        private const int MaxBuffersPerSend = 256;

        private const int SmallBlock = 16 * 1024;

        private readonly List<ArraySegment<byte>> _buffers = new(MaxBuffersPerSend);

        public override async ValueTask WriteAsync(ReadOnlySequence<byte> bytes, CancellationToken cancellationToken)
        {
            if (bytes.IsSingleSegment || bytes.FirstSpan.Length >= SmallBlock)
            {
                await SendEachAsync(bytes, cancellationToken);
                return;
            }

            // The list overload takes no token: a cancelled session closes the socket, which ends the send.
            using var closing = cancellationToken.UnsafeRegister(static s => ((Socket)s!).Dispose(), socket);
            while (!bytes.IsEmpty)
            {
                if (!TryGather(bytes, out var gathered))
                {
                    await SendEachAsync(bytes, cancellationToken);
                    return;
                }

                var sent = await socket.SendAsync(_buffers, SocketFlags.None);
                cancellationToken.ThrowIfCancellationRequested();
                if (sent <= 0)
                {
                    throw new IOException("The socket took no bytes.");
                }

                // A stream socket sends everything it was given; should it stop short, the rest goes next.
                bytes = bytes.Slice(Math.Min(sent, gathered));
            }
        }

        private async ValueTask SendEachAsync(ReadOnlySequence<byte> bytes, CancellationToken cancellationToken)
        {
            foreach (var segment in bytes)
            {
                // SendAsync on a stream socket sends the whole buffer before it completes.
                await socket.SendAsync(segment, SocketFlags.None, cancellationToken);
            }
        }

        /// <summary>Lists the first blocks of <paramref name="bytes"/> as array segments; false when one is not array-backed.</summary>
        private bool TryGather(ReadOnlySequence<byte> bytes, out long gathered)
        {
            _buffers.Clear();
            gathered = 0;
            foreach (var segment in bytes)
            {
                if (!MemoryMarshal.TryGetArray(segment, out var array))
                {
                    return false;
                }

                _buffers.Add(array);
                gathered += array.Count;
                if (_buffers.Count == MaxBuffersPerSend)
                {
                    break;
                }
            }

            return true;
        }

        public override ValueTask ShutdownAsync()
        {
            socket.Shutdown(SocketShutdown.Send);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// Kestrel's transport output. Completing it closes the whole connection (Kestrel's socket
    /// transport does not half-close), so a FIN from the server ends both directions here.
    /// </summary>
    private sealed class PipeSink(PipeWriter writer) : ByteSink
    {
        public override async ValueTask WriteAsync(ReadOnlySequence<byte> bytes, CancellationToken cancellationToken)
        {
            foreach (var segment in bytes)
            {
                writer.Write(segment.Span);
            }

            var result = await writer.FlushAsync(cancellationToken);
            if (result.IsCanceled || result.IsCompleted)
            {
                throw new OperationCanceledException("The client's side of the connection is closed.");
            }
        }

        public override ValueTask ShutdownAsync() => writer.CompleteAsync();
    }
}
