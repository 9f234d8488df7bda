using System.Diagnostics;
using System.Text;
using Gateway.Admin.Hosting;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The standalone gateway (or another host, <see cref="StartAssembly"/>) as a real child process
/// (<c>dotnet Gateway.Admin.dll</c>), run from a working directory that holds its appsettings.json, as a user would run it.
/// </summary>
public sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private GatewayProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static GatewayProcess Start(string workingDirectory, IDictionary<string, string>? environment = null, params string[] args) =>
        StartAssembly(typeof(StandaloneHost).Assembly.Location, workingDirectory, environment, args);

    /// <summary>Another host (<c>dotnet <paramref name="assemblyPath"/></c>), e.g. a sample's own build output.</summary>
    public static GatewayProcess StartAssembly(string assemblyPath, string workingDirectory, IDictionary<string, string>? environment = null, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assemblyPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var running = new GatewayProcess(process);
        process.OutputDataReceived += (_, e) => Append(running._output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(running._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits for the process to exit by itself; kills it and fails after <paramref name="limit"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The gateway process did not exit within {limit}. Output:\n{Output}\nErrors:\n{Error}");
        }

        _process.WaitForExit(); // flushes the redirected streams
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    public Task WaitForOutputAsync(string text, TimeSpan limit) =>
        Gateway.Tests.Common.Eventually.TrueAsync(
            () => Output.Contains(text, StringComparison.Ordinal) || _process.HasExited,
            $"'{text}' on the gateway's output", limit)
        .ContinueWith(t =>
        {
            t.GetAwaiter().GetResult();
            if (!Output.Contains(text, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The gateway exited before printing '{text}'. Output:\n{Output}\nErrors:\n{Error}");
            }
        }, TaskScheduler.Default);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }
}
