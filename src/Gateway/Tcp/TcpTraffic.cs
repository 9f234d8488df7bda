namespace Gateway.Tcp;

/// <summary>What one TCP-mode listener has forwarded. Keyed by listener id, so it survives snapshot swaps.</summary>
internal sealed class TcpListenerTraffic
{
    private long _connections;
    private long _active;
    private long _noServer;
    private long _bytesIn;
    private long _bytesOut;

    /// <summary>Connections forwarded to a server.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    public long Active => Interlocked.Read(ref _active);

    /// <summary>Connections closed because no server of the cluster could be reached.</summary>
    public long NoServer => Interlocked.Read(ref _noServer);

    /// <summary>Bytes from clients towards servers.</summary>
    public long BytesIn => Interlocked.Read(ref _bytesIn);

    /// <summary>Bytes from servers towards clients.</summary>
    public long BytesOut => Interlocked.Read(ref _bytesOut);

    internal void OnConnected()
    {
        Interlocked.Increment(ref _connections);
        Interlocked.Increment(ref _active);
    }

    internal void OnClosed() => Interlocked.Decrement(ref _active);

    internal void OnNoServer() => Interlocked.Increment(ref _noServer);

    internal void OnBytesIn(long count) => Interlocked.Add(ref _bytesIn, count);

    internal void OnBytesOut(long count) => Interlocked.Add(ref _bytesOut, count);
}

/// <summary>
/// One server's TCP traffic and its passive health: a server whose connect failed is left out
/// until <see cref="DownUntil"/>. Keyed by cluster and server id, shared by every listener.
/// </summary>
internal sealed class TcpServerTraffic
{
    private long _connections;
    private long _active;
    private long _connectFailures;
    private long _bytesSent;
    private long _bytesReceived;
    private long _downUntilTicks;

    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Connections open to this server now; least-requests and power-of-two-choices compare these.</summary>
    public long Active => Interlocked.Read(ref _active);

    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    /// <summary>Bytes sent to the server (the client's).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Bytes received from the server.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Until when a failed connect keeps the server out of selection; null when it is not marked down.</summary>
    public DateTimeOffset? DownUntil => Interlocked.Read(ref _downUntilTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public bool IsDown(DateTimeOffset now) => Interlocked.Read(ref _downUntilTicks) > now.UtcTicks;

    internal void OnConnected()
    {
        Interlocked.Increment(ref _connections);
        Interlocked.Increment(ref _active);
        Interlocked.Exchange(ref _downUntilTicks, 0);
    }

    internal void OnClosed() => Interlocked.Decrement(ref _active);

    internal void OnConnectFailed(DateTimeOffset downUntil)
    {
        Interlocked.Increment(ref _connectFailures);
        Interlocked.Exchange(ref _downUntilTicks, downUntil.UtcTicks);
    }

    internal void OnBytesSent(long count) => Interlocked.Add(ref _bytesSent, count);

    internal void OnBytesReceived(long count) => Interlocked.Add(ref _bytesReceived, count);
}
