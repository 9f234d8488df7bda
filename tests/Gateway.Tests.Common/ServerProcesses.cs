using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Common;

/// <summary>What the throwaway database and cache servers share: free loopback ports, running a tool to its end, reachability.</summary>
internal static class ServerProcesses
{
    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public static bool Listening(int port)
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

    /// <summary>Runs a tool to its end (at most a minute) and returns its output; a non-zero exit throws with that output.</summary>
    public static async Task<string> RunAsync(string executable, IEnumerable<string> arguments, string? runAs = null)
    {
        var info = runAs is null
            ? new ProcessStartInfo(executable, arguments)
            : new ProcessStartInfo("/usr/sbin/runuser", ["-u", runAs, "--", executable, .. arguments]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await error;
        return process.ExitCode == 0
            ? text
            : throw new InvalidOperationException($"{Path.GetFileName(executable)} {string.Join(' ', info.ArgumentList)} exited with code {process.ExitCode}:\n{text}");
    }
}
