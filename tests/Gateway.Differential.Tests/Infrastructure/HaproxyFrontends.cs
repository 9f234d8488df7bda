using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Tests.Common;

namespace Gateway.Differential.Tests.Infrastructure;

/// <summary>
/// One HAProxy process serving every case of a batch, one frontend per case on its own port, with
/// the backends web, api and other pointing at echo servers. Starting one process for the whole
/// batch keeps the suite to seconds.
/// </summary>
public sealed class HaproxyFrontends : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/haproxy";

    private readonly Process _process;
    private readonly TempDirectory _directory;

    private HaproxyFrontends(Process process, TempDirectory directory, IReadOnlyDictionary<string, int> ports, string configuration)
    {
        _process = process;
        _directory = directory;
        Ports = ports;
        Configuration = configuration;
    }

    /// <summary>Where the cases' map files are.</summary>
    public string MapDirectory => _directory.Path;

    /// <summary>The haproxy.cfg this process runs.</summary>
    public string Configuration { get; }

    /// <summary>Each case's frontend port, by case name.</summary>
    public IReadOnlyDictionary<string, int> Ports { get; }

    public static async Task<HaproxyFrontends> StartAsync(IReadOnlyList<DifferentialCase> cases, IReadOnlyDictionary<string, int> backends)
    {
        EnsureInstalled();
        var ports = FreePorts(cases.Select(c => c.Name));
        var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "haproxy.cfg");
        foreach (var (name, content) in cases.SelectMany(c => c.Maps))
        {
            await File.WriteAllTextAsync(Path.Combine(directory.Path, name + ".map"), content);
        }

        var configuration = BuildConfiguration(cases.Select(c => (c.Name, c.Rules.Replace("@MAPS@", directory.Path, StringComparison.Ordinal), ports[c.Name])), backends);
        await File.WriteAllTextAsync(path, configuration);
        var process = Process.Start(new ProcessStartInfo(Executable, ["-db", "-f", path])
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
        var haproxy = new HaproxyFrontends(process, directory, ports, configuration);
        await Eventually.TrueAsync(() => process.HasExited || ports.Values.All(Listening), "haproxy to listen on every frontend");
        if (process.HasExited)
        {
            await haproxy.DisposeAsync();
            throw new InvalidOperationException($"haproxy refused the suite's configuration:\n{string.Join('\n', output)}");
        }

        return haproxy;
    }

    /// <summary>A whole configuration: each frontend gets the rules as written, then default_backend web.</summary>
    public static string BuildConfiguration(IEnumerable<(string Name, string Rules, int Port)> frontends, IReadOnlyDictionary<string, int> backends)
    {
        var text = new StringBuilder();
        text.Append("global\n  log stderr format raw local0 err\n");
        text.Append("defaults\n  mode http\n  log global\n  timeout connect 5s\n  timeout client 10s\n  timeout server 10s\n");
        foreach (var (name, rules, port) in frontends)
        {
            text.Append(CultureInfo.InvariantCulture, $"frontend {name}\n  bind 127.0.0.1:{port}\n");
            foreach (var line in rules.Split('\n'))
            {
                text.Append("  ").Append(line).Append('\n');
            }

            text.Append("  default_backend web\n");
        }

        foreach (var (name, port) in backends)
        {
            text.Append(CultureInfo.InvariantCulture, $"backend {name}\n  server s1 127.0.0.1:{port}\n");
        }

        return text.ToString();
    }

    /// <summary>The line of the first frontend's first rules line in <see cref="BuildConfiguration"/> (1-based).</summary>
    public const int FirstRulesLine = 11;

    /// <summary>Checks a configuration with <c>haproxy -c</c>: the exit code and what it printed.</summary>
    public static async Task<(bool Valid, string Output)> CheckAsync(string configuration)
    {
        EnsureInstalled();
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "haproxy.cfg");
        await File.WriteAllTextAsync(path, configuration);
        using var process = Process.Start(new ProcessStartInfo(Executable, ["-c", "-f", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode == 0, await stdout + await stderr);
    }

    private static void EnsureInstalled()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException("haproxy is not installed: run ./test.sh, which installs it, or apt-get install haproxy.");
        }
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

    /// <summary>
    /// A distinct free port per name: every socket stays bound until all are chosen, so no port is
    /// handed out twice (HAProxy binds with SO_REUSEPORT, so two frontends on one port would share it).
    /// </summary>
    private static Dictionary<string, int> FreePorts(IEnumerable<string> names)
    {
        var sockets = new List<Socket>();
        try
        {
            var ports = new Dictionary<string, int>();
            foreach (var name in names)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                ports[name] = ((IPEndPoint)socket.LocalEndPoint!).Port;
            }

            return ports;
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
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
