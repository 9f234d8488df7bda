using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Common;

/// <summary>
/// Debian's HAProxy, run in the foreground with a configuration written by the test, for
/// interoperability tests. ./test.sh installs the package; without it the test fails saying so.
/// </summary>
public sealed class HaproxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _directory;

    private HaproxyProcess(Process process, TempDirectory directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    /// <summary>The port of the frontend the configuration binds as <c>@PORT@</c>.</summary>
    public int Port { get; }

    public static async Task<HaproxyProcess> StartAsync(string configuration)
    {
        var executable = new[] { "/usr/sbin/haproxy", "/usr/local/sbin/haproxy" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("haproxy is not installed: run ./test.sh, which installs it, or apt-get install haproxy.");
        var port = FreePort();
        var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "haproxy.cfg");
        await File.WriteAllTextAsync(path, configuration.Replace("@PORT@", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) + "\n");

        var process = Process.Start(new ProcessStartInfo(executable, ["-db", "-f", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var haproxy = new HaproxyProcess(process, directory, port);
        await Eventually.TrueAsync(() => process.HasExited || Listening(port), "haproxy to listen");
        if (process.HasExited)
        {
            var exitCode = process.ExitCode;
            await haproxy.DisposeAsync();
            throw new InvalidOperationException($"haproxy exited with code {exitCode}:\n{string.Join('\n', output)}\nconfiguration:\n{configuration}");
        }

        return haproxy;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _directory.Dispose();
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
