using System.IO.Pipelines;

namespace Gateway.Http1.Transport;

/// <summary>
/// The transport Kestrel's HTTP server gets when the core hands a connection on after reading from its socket: input
/// that starts with the bytes the core read and left, then goes on with what Kestrel's socket connection receives;
/// output straight to that connection.
/// </summary>
/// <remarks>
/// The rest of the input is copied through a pipe (one copy per byte): a hand-off happens once per connection at most
/// (an upgrade, a request the core leaves to Kestrel), and a reader that joins two sources without copying would have to
/// re-implement a pipe's buffer bookkeeping.
/// </remarks>
internal static class HandOffPipe
{
    public static IDuplexPipe Create(byte[] left, IDuplexPipe kestrel)
    {
        var pipe = new Pipe(new PipeOptions(useSynchronizationContext: false));
        _ = PumpAsync(left, kestrel.Input, pipe.Writer);
        return new DuplexPipe(pipe.Reader, kestrel.Output);
    }

    private static async Task PumpAsync(byte[] left, PipeReader from, PipeWriter to)
    {
        Exception? failure = null;
        try
        {
            if (!(await to.WriteAsync(left)).IsCompleted)
            {
                await from.CopyToAsync(to);
            }
        }
        catch (Exception e)
        {
            failure = e; // the connection's failure (a reset, an abort) reaches Kestrel's reader
        }

        await to.CompleteAsync(failure);
        await from.CompleteAsync();
    }
}
