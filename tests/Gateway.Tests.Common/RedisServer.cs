using System.Diagnostics;
using System.Globalization;

namespace Gateway.Tests.Common;

/// <summary>
/// A throwaway <c>redis-server</c> from Debian's package (./test.sh installs it) on a free loopback port, with no
/// persistence, its working folder in a temp folder; killed on dispose. The system service is never touched.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>For StackExchange.Redis: the endpoint, and no waiting forever for a server that is gone.</summary>
    public string Configuration => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},abortConnect=false,connectTimeout=1000,syncTimeout=1000";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(ServerProcesses.FreePort());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again, after <see cref="Stop"/>), empty, on the same port.</summary>
    public async Task StartAgainAsync()
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: run ./test.sh, which installs it, or apt-get install redis-server.");
        _process = Process.Start(new ProcessStartInfo(executable,
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory.Path, "--daemonize", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var process = _process;
        await Eventually.TrueAsync(() => process.HasExited || ServerProcesses.Listening(Port), "redis-server to listen");
        if (process.HasExited)
        {
            throw new InvalidOperationException($"redis-server exited with code {process.ExitCode}.");
        }
    }

    /// <summary>Kills the server, as a crash or a lost network would.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
