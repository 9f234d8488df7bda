using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Gateway.Http1.Sockets;

namespace Gateway.Http1.Pool;

/// <summary>
/// One connection to a server, owned by the HTTP/1.1 core: requests are written straight to the socket (segments of
/// the client's pipe are sent as they are, not copied), responses are read through a <see cref="SocketPipeReader"/>
/// straight from the socket into pooled buffers, none held while the connection is idle.
/// </summary>
internal sealed class ServerConnection : IAsyncDisposable, IHeldSend
{
    private readonly Socket _socket;
    private readonly SocketPipeReader _input;
    private int _disposed;

    /// <summary>The largest request held to the end of the engine's turn (<see cref="SendAllAsync"/>); a larger one goes at once.</summary>
    public const int MaxHeld = 16 * 1024;

    private byte[]? _held; // a request held to the end of the engine's turn, copied (the caller's buffer goes back at once)
    private int _heldLength;
    private Task? _heldRest; // a held request the kernel did not take whole: what comes next on the connection waits for it

    public ServerConnection(Socket socket, string key)
    {
        _socket = socket;
        _socket.Blocking = false; // sends are tried at once (SendAllAsync); nothing here waits on the socket synchronously
        Key = key;
        _input = new SocketPipeReader(socket, EngineTurnUse.WhenBatched);
    }

    /// <summary>The pool key: the server's host and port.</summary>
    public string Key { get; }

    public PipeReader Input => _input;

    /// <summary>Requests this connection has carried to a full response.</summary>
    public int Uses { get; set; }

    /// <summary>Proven reusable: it has served more than one request (HAProxy's "validated" connection).</summary>
    public bool Validated => Uses > 1;

    /// <summary>When it was last put back idle (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long IdleSince { get; set; }

    /// <summary>Marked by the eviction pass that saw it idle; a connection taken since is unmarked.</summary>
    public bool SeenIdleByEviction { get; set; }

    /// <summary>
    /// The send of a request held to the end of the engine's turn failed (the server reset the connection): nothing of
    /// it reached the server, as when a send fails at once, so the read of its answer fails, and a reused connection
    /// may take the request again on a new one.
    /// </summary>
    public bool HeldSendFailed { get; private set; }

    /// <summary>
    /// Sends every byte. The socket is non-blocking, so a plain send is tried first: the kernel nearly always takes a
    /// request whole, and then no SocketAsyncEventArgs is rented, set up and completed (nor made, for a connection whose
    /// sends never had to wait). A partial or waiting send goes on in <see cref="SendRestAsync"/>; a failure is the
    /// socket's <see cref="SocketException"/>, as from an asynchronous send.
    /// </summary>
    /// <param name="bytes">What to send.</param>
    /// <param name="cancel">Ends a send that waits.</param>
    /// <param name="mayHold">
    /// Nothing more of the request follows (a request without a body): while the socket engine's turn runs its receives,
    /// the request is copied and held to the turn's end (<see cref="SocketEngineTurn.TryHoldSend"/>), so the turn's
    /// sends go out back to back. It completes at once then, and a failure of the held send shows as the answer's read
    /// failing (<see cref="HeldSendFailed"/>): the answer cannot come before the request went.
    /// </param>
    public ValueTask SendAllAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancel, bool mayHold = false)
    {
        if (bytes.IsEmpty)
        {
            return default;
        }

        if (cancel.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancel);
        }

        if (_held is not null || _heldRest is not null)
        {
            return SendAfterHeldAsync(bytes, cancel);
        }

        if (mayHold && bytes.Length <= MaxHeld && SocketEngineTurn.TryHoldSend(this))
        {
            var held = ArrayPool<byte>.Shared.Rent(bytes.Length);
            bytes.Span.CopyTo(held);
            _heldLength = bytes.Length;
            HeldSendFailed = false;
            Volatile.Write(ref _held, held);
            return default;
        }

        var sent = _socket.Send(bytes.Span, SocketFlags.None, out var error);
        return error switch
        {
            SocketError.Success when sent == bytes.Length => default,
            SocketError.Success => SendRestAsync(bytes[sent..], cancel),
            SocketError.WouldBlock => SendRestAsync(bytes, cancel),
            _ => ValueTask.FromException(new SocketException((int)error)),
        };
    }

    /// <summary>The end of the turn that held a request: it goes now.</summary>
    void IHeldSend.SendHeld()
    {
        var held = Interlocked.Exchange(ref _held, null); // Close may take it first
        if (held is null)
        {
            return;
        }

        var length = _heldLength;
        int sent;
        SocketError error;
        try
        {
            sent = _socket.Send(held.AsSpan(0, length), SocketFlags.None, out error);
        }
        catch (ObjectDisposedException)
        {
            (sent, error) = (0, SocketError.Shutdown); // closed meanwhile
        }

        if (error == SocketError.Success && sent == length)
        {
            ArrayPool<byte>.Shared.Return(held);
            return;
        }

        if (error is SocketError.Success or SocketError.WouldBlock)
        {
            _heldRest = SendHeldRestAsync(held, error == SocketError.Success ? sent : 0, length);
            return;
        }

        ArrayPool<byte>.Shared.Return(held);
        HeldSendFailed = true;
        ShutDown(); // the answer's read ends now, as the send would have failed
    }

    private async Task SendHeldRestAsync(byte[] held, int from, int length)
    {
        try
        {
            await SendRestAsync(held.AsMemory(from, length - from), CancellationToken.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            HeldSendFailed = true;
            ShutDown();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(held);
        }
    }

    /// <summary>More for a connection whose held request has not gone whole yet (not the usual flow: a request is answered first).</summary>
    private async ValueTask SendAfterHeldAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancel)
    {
        ((IHeldSend)this).SendHeld();
        if (_heldRest is { } rest)
        {
            await rest.WaitAsync(cancel);
            _heldRest = null;
        }

        if (HeldSendFailed)
        {
            throw new SocketException((int)SocketError.ConnectionReset);
        }

        await SendAllAsync(bytes, cancel);
    }

    private void ShutDown()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private async ValueTask SendRestAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancel)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None, cancel);
            bytes = bytes[sent..];
        }
    }

    /// <summary>
    /// Whether an idle connection can still take a request: the server has not closed it and sent nothing unasked.
    /// One non-blocking poll; a connection that fails it is closed instead of being used.
    /// </summary>
    public bool LooksAlive()
    {
        try
        {
            return _socket.Connected && !_socket.Poll(0, SelectMode.SelectRead);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Closes without waiting (eviction, a full pool).</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            if (Interlocked.Exchange(ref _held, null) is { } held)
            {
                ArrayPool<byte>.Shared.Return(held); // a request held for a connection closed before its turn ended goes nowhere
            }

            _input.Complete();
            CloseSocket();
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return default;
    }

    /// <summary>As <see cref="NetworkStream"/> closed it: shut down both ways (the server sees a FIN), then release the handle.</summary>
    private void CloseSocket()
    {
        ShutDown();
        _socket.Dispose();
    }
}
