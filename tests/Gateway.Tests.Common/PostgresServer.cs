using System.Globalization;

namespace Gateway.Tests.Common;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's <c>postgresql</c> package (./test.sh installs it): <c>initdb</c> into a
/// temp folder, the server on a free loopback port with its unix socket in that folder, stopped and deleted on dispose.
/// System services are never touched. PostgreSQL refuses to run as root, so under root (as the tests run here) the
/// folder is handed to the <c>postgres</c> account the package creates and the tools run as that account.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Account = "postgres";

    /// <summary>The file in a cluster's folder that names the test process that made it (see <see cref="ReapOrphansAsync"/>).</summary>
    private const string OwnerFile = "owner.pid";
    private readonly TempDirectory _directory;
    private readonly string _bin;
    private readonly string? _runAs;
    private int _databases;

    private PostgresServer(TempDirectory directory, string bin, string? runAs, int port)
    {
        _directory = directory;
        _bin = bin;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => _directory.File("data");

    private string SocketDirectory => _directory.File("socket");

    /// <summary>A connection string to the database <paramref name="database"/> as the cluster's superuser.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=gateway;Database={database};Pooling=true;Timeout=5;Command Timeout=30";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run ./test.sh, which installs it, or apt-get install postgresql.");
        }

        var runAs = Environment.UserName == "root" ? Account : null;
        await ReapOrphansAsync(bin, runAs);
        var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File(OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var server = new PostgresServer(directory, bin, runAs, ServerProcesses.FreePort());
        try
        {
            Directory.CreateDirectory(server.SocketDirectory);
            if (runAs is not null)
            {
                await ServerProcesses.RunAsync("/usr/bin/chown", ["-R", $"{Account}:", directory.Path]);
            }

            // fsync off: a throwaway cluster that only the tests' own processes use; no test here crashes the machine.
            await ServerProcesses.RunAsync(Path.Combine(bin, "initdb"), ["-D", server.DataDirectory, "-U", "gateway", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], runAs);
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"gateway_{Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture)}_{Guid.NewGuid().ToString("N")[..8]}";
        await ServerProcesses.RunAsync(Path.Combine(_bin, "createdb"), ["-h", SocketDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "gateway", name], _runAs);
        return ConnectionString(name);
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>), on the same port and data.</summary>
    public async Task StartAgainAsync()
    {
        var options = $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {SocketDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200";
        await ServerProcesses.RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-l", _directory.File("server.log"), "-o", options, "-w", "-t", "30", "start"], _runAs);
    }

    /// <summary>Stops the server; <paramref name="immediate"/> aborts it as a crash would (<c>pg_ctl stop -m immediate</c>).</summary>
    public Task StopAsync(bool immediate = true) =>
        ServerProcesses.RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "stop"], _runAs);

    /// <summary>
    /// Stops and deletes the clusters of test processes that died without disposing them (killed by a timeout, a
    /// cancelled run): <c>pg_ctl</c> starts the server detached, so it outlives its test process, keeps its port and
    /// memory, and its folder (hundreds of MB) stays in the temp folder. Each cluster's folder names the process that
    /// made it; a cluster whose process is gone is an orphan. Another run's live clusters are left alone.
    /// </summary>
    private static async Task ReapOrphansAsync(string bin, string? runAs)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "gateway-tests-*"))
        {
            var owner = Path.Combine(folder, OwnerFile);
            if (!File.Exists(owner) || !int.TryParse(await ReadOrEmptyAsync(owner), CultureInfo.InvariantCulture, out var pid) || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

            var data = Path.Combine(folder, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                try
                {
                    await ServerProcesses.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], runAs);
                }
                catch (InvalidOperationException)
                {
                    // Already stopped, or another run is reaping it at the same time.
                }
            }

            DeleteQuietly(folder);
        }
    }

    private static async Task<string> ReadOrEmptyAsync(string path)
    {
        try
        {
            return await File.ReadAllTextAsync(path);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Deleted by another run meanwhile, or a file still held: the next reap tries again.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
        }

        _directory.Dispose();
    }
}
