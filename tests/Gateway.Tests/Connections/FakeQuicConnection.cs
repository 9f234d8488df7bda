using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Tests.Connections;

/// <summary>
/// A QUIC connection without QUIC (libmsquic is missing on these machines): hands out the streams
/// it is given, so a multiplexed connection middleware can be called directly.
/// </summary>
internal sealed class FakeQuicConnection(IPEndPoint client, IPEndPoint local, int streams) : MultiplexedConnectionContext
{
    private readonly Queue<ConnectionContext> _streams = new(Enumerable.Range(0, streams).Select(_ => NewStream(client, local)));
    private readonly CancellationTokenSource _closed = new();

    public bool Aborted { get; private set; }

    public override string ConnectionId { get; set; } = "quic-test";

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override CancellationToken ConnectionClosed { get => _closed.Token; set => throw new NotSupportedException(); }

    public override EndPoint? LocalEndPoint { get; set; } = local;

    public override EndPoint? RemoteEndPoint { get; set; } = client;

    public override ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_streams.TryDequeue(out var stream) ? stream : null);

    public override ValueTask<ConnectionContext> ConnectAsync(IFeatureCollection? features = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public override void Abort() => Abort(new ConnectionAbortedException());

    public override void Abort(ConnectionAbortedException abortReason)
    {
        Aborted = true;
        _closed.Cancel();
    }

    public override async ValueTask DisposeAsync()
    {
        _closed.Dispose();
        await base.DisposeAsync();
    }

    // No pipes: the middleware under test only sets features on streams, it never reads them.
    private static DefaultConnectionContext NewStream(IPEndPoint client, IPEndPoint local) =>
        new(Guid.NewGuid().ToString()) { RemoteEndPoint = client, LocalEndPoint = local };
}
