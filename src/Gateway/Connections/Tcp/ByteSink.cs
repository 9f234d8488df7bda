using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Gateway.Connections.Tcp;

/// <summary>Where one direction of a TCP-mode connection writes: a socket, or a pipe when the client's transport is wrapped.</summary>
internal abstract class ByteSink
{
    /// <summary>Completes when the bytes are handed on, so the reader does not run ahead of the peer (back-pressure).</summary>
    public abstract ValueTask WriteAsync(ReadOnlySequence<byte> bytes, CancellationToken cancellationToken);

    /// <summary>Sends FIN: the source side finished sending.</summary>
    public abstract ValueTask ShutdownAsync();

    public static ByteSink For(Socket socket) => new SocketSink(socket);

    public static ByteSink For(PipeWriter writer) => new PipeSink(writer);

    private sealed class SocketSink(Socket socket) : ByteSink
    {
        public override async ValueTask WriteAsync(ReadOnlySequence<byte> bytes, CancellationToken cancellationToken)
        {
            foreach (var segment in bytes)
            {
                // SendAsync on a stream socket sends the whole buffer before it completes.
                await socket.SendAsync(segment, SocketFlags.None, cancellationToken);
            }
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
