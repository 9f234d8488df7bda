using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Admin.Hosting;
using Gateway.Listeners;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Benchmarks;

/// <summary>
/// Bytes allocated per proxied request, in process: the standalone host (the HTTP/1.1 core, or the Kestrel + YARP path)
/// between a client and a server that both allocate nothing (raw sockets, fixed buffers), so whatever the process
/// allocates during the measured requests is the gateway's. Also prints the process CPU per request (client and server
/// threads included: a rough figure; bench-peers and bench/profile measure CPU properly).
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/Gateway.Benchmarks -- core-alloc [core|yarp|direct] [requests] [connections] [log] [types] [close]</c>
/// <para>
/// With <c>close</c>, every request comes on a connection of its own (<c>Connection: close</c>), and the cluster reuses
/// server connections for first requests too (<c>HttpReuse=always</c>), so what is measured is a client connection from
/// accept to close; the client's own socket objects are in the figure (a few hundred bytes: see the types).
/// </para>
/// </remarks>
internal static class CoreRequestCost
{
    private static readonly byte[] Body = Encoding.ASCII.GetBytes(new string('a', 100));

    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "core";
        var requests = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        var connections = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 4;
        var log = args.Contains("log");
        var close = args.Contains("close");
        using var sampler = args.Contains("types") ? new AllocationSampler() : null;

        using var server = new RawServer();
        var directory = Directory.CreateTempSubdirectory("gateway-alloc-");
        var port = server.Port;
        Microsoft.AspNetCore.Builder.WebApplication? app = null;
        try
        {
            if (mode != "direct")
            {
                app = await StandaloneHost.StartAsync(
                [
                    "--Gateway:Admin:Url=http://127.0.0.1:0", $"--Gateway:Database:Path={Path.Combine(directory.FullName, "g.db")}",
                    "--Gateway:Listeners:web:Address=127.0.0.1:0", $"--Gateway:Listeners:web:Http1Core={(mode == "core" ? "true" : "false")}",
                    "--Gateway:Routes:all:Path=/{**rest}", "--Gateway:Routes:all:Cluster=b",
                    $"--Gateway:Clusters:b:Servers:s1:Address=http://127.0.0.1:{server.Port}/", $"--Gateway:Clusters:b:HttpReuse={(close ? "always" : "safe")}",
                    $"--Gateway:AccessLog:Format={(log ? "json" : "off")}", "--Logging:LogLevel:Default=Warning",
                ]);
                port = app.Services.GetRequiredService<IGatewayListeners>().GetUrl("web").Port;
            }

            var clients = Enumerable.Range(0, connections).Select(_ => new RawClient(port, close)).ToArray();
            Run(clients, Math.Max(20_000, requests / 5)); // warm-up: tiered compilation and PGO
            Thread.Sleep(2000);
            Run(clients, 20_000);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var gcs = GC.CollectionCount(0);
            var watch = Stopwatch.StartNew();
            sampler?.Recording = true;
            Run(clients, requests);
            sampler?.Recording = false;
            watch.Stop();
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            Console.WriteLine($"{mode}{(log ? " +log" : "")}: {requests} requests on {(close ? "a connection each, " : "")}{connections} {(close ? "clients" : "connections")} in {watch.Elapsed.TotalSeconds:0.00} s; " +
                $"allocated {bytes / (double)requests:0.0} B/request; gen0 GCs {GC.CollectionCount(0) - gcs}; " +
                $"process CPU {cpuUsed.TotalMicroseconds / requests:0.00} us/request (client and server threads included)");
            if (sampler is not null)
            {
                Console.WriteLine("allocated by type (sampled every ~100 KB by the runtime's AllocationTick):");
                foreach (var line in sampler.Report(requests, bytes))
                {
                    Console.WriteLine(line);
                }
            }
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
        finally
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }

            directory.Delete(recursive: true);
        }

        return 0;
    }

    private static void Run(RawClient[] clients, int requests)
    {
        var each = requests / clients.Length;
        var threads = clients.Select(c => new Thread(() => c.Send(each))).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }
    }

    /// <summary>A keep-alive client on one socket with fixed buffers: sends a GET, reads the whole answer, again (or, closing, each on a new socket).</summary>
    private sealed class RawClient : IDisposable
    {
        private static readonly byte[] Request = "GET /100b.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n"u8.ToArray();
        private static readonly byte[] ClosingRequest = "GET /100b.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: bench\r\nAccept: */*\r\nConnection: close\r\n\r\n"u8.ToArray();
        private readonly int _port;
        private readonly bool _close;
        private Socket _socket;
        private readonly byte[] _buffer = new byte[64 * 1024];

        public RawClient(int port, bool close)
        {
            _port = port;
            _close = close;
            _socket = Connect(port);
        }

        private static Socket Connect(int port)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Connect(IPAddress.Loopback, port);
            return socket;
        }

        public void Send(int count)
        {
            for (var i = 0; i < count; i++)
            {
                if (_close)
                {
                    _socket.Send(ClosingRequest);
                    ReadAnswer();
                    while (_socket.Receive(_buffer) > 0)
                    {
                        // the gateway closes after the answer: wait for its FIN, so the connection is over before the next
                    }

                    _socket.Dispose();
                    _socket = Connect(_port);
                    continue;
                }

                _socket.Send(Request);
                ReadAnswer();
            }
        }

        private void ReadAnswer()
        {
            var filled = 0;
            while (true)
            {
                var read = _socket.Receive(_buffer.AsSpan(filled));
                if (read == 0)
                {
                    throw new IOException("the gateway closed the connection");
                }

                filled += read;
                var span = _buffer.AsSpan(0, filled);
                var end = span.IndexOf("\r\n\r\n"u8);
                if (end < 0)
                {
                    continue;
                }

                if (!span.StartsWith("HTTP/1.1 200"u8))
                {
                    throw new IOException("not a 200: " + Encoding.ASCII.GetString(span[..Math.Min(200, span.Length)]));
                }

                var at = span[..end].IndexOf("Content-Length: "u8);
                var length = 0;
                for (var p = at + 16; p < end && span[p] is >= (byte)'0' and <= (byte)'9'; p++)
                {
                    length = (length * 10) + (span[p] - '0');
                }

                if (filled >= end + 4 + length)
                {
                    return;
                }
            }
        }

        public void Dispose() => _socket.Dispose();
    }

    /// <summary>A server that answers every request head with the same 100-byte body, one thread per connection, fixed buffers.</summary>
    private sealed class RawServer : IDisposable
    {
        private static readonly byte[] Answer = [.. "HTTP/1.1 200 OK\r\nServer: raw\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n"u8, .. Body];
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public RawServer()
        {
            _listener.Start(1024);
            new Thread(Accept) { IsBackground = true }.Start();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        private void Accept()
        {
            try
            {
                while (true)
                {
                    var socket = _listener.AcceptSocket();
                    socket.NoDelay = true;
                    new Thread(() => Serve(socket)) { IsBackground = true }.Start();
                }
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        private static void Serve(Socket socket)
        {
            var buffer = new byte[64 * 1024];
            var filled = 0;
            try
            {
                while (true)
                {
                    var read = socket.Receive(buffer.AsSpan(filled));
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                    int end;
                    while ((end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) >= 0)
                    {
                        socket.Send(Answer);
                        buffer.AsSpan(end + 4, filled - end - 4).CopyTo(buffer);
                        filled -= end + 4;
                    }
                }
            }
            catch (SocketException)
            {
            }
            finally
            {
                socket.Dispose();
            }
        }

        public void Dispose() => _listener.Stop();
    }
}
