using System.IO.Pipelines;
using System.Net.Sockets;
using Gateway.Http1.Proxy;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Tests.Http1;

/// <summary>
/// When the core writes to the client's socket itself: only on a connection whose output is still the socket
/// transport's pipe. Over TLS, or when another connection middleware wrapped the transport (connection logging, say),
/// the bytes must go through that output, or they would skip the TLS stream or the wrapper.
/// </summary>
public sealed class DirectOutputChoiceTests : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    [Fact]
    public void APlainSocketConnection_IsWrittenDirectly()
    {
        var connection = Connection(new Pipe().Writer);

        var direct = Http1CoreMiddleware.DirectOutput(connection, tls: null);

        Assert.NotNull(direct);
        direct.Complete();
    }

    [Fact]
    public void AWrappedOutput_KeepsTheWrapper()
    {
        var connection = Connection(PipeWriter.Create(Stream.Null));

        Assert.Null(Http1CoreMiddleware.DirectOutput(connection, tls: null));
    }

    [Fact]
    public void ATlsConnection_KeepsTheTlsOutput()
    {
        var connection = Connection(new Pipe().Writer);
        connection.Features.Set<ITlsConnectionFeature>(new TlsConnectionFeature());

        Assert.Null(Http1CoreMiddleware.DirectOutput(connection, tls: null));
    }

    [Fact]
    public void ANonSocketTransport_KeepsItsOutput()
    {
        var connection = Connection(new Pipe().Writer);
        connection.Features.Set<IConnectionSocketFeature>(null);

        Assert.Null(Http1CoreMiddleware.DirectOutput(connection, tls: null));
    }

    public void Dispose() => _socket.Dispose();

    private DefaultConnectionContext Connection(PipeWriter output)
    {
        var connection = new DefaultConnectionContext("c1") { Transport = new DuplexPipe(new Pipe().Reader, output) };
        connection.Features.Set<IConnectionSocketFeature>(new SocketFeature(_socket));
        return connection;
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    private sealed class SocketFeature(Socket socket) : IConnectionSocketFeature
    {
        public Socket Socket => socket;
    }

    private sealed class TlsConnectionFeature : ITlsConnectionFeature
    {
        public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; set; }

        public Task<System.Security.Cryptography.X509Certificates.X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult(ClientCertificate);
    }
}
