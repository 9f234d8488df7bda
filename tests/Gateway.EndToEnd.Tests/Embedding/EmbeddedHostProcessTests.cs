using System.Net;
using System.Net.Sockets;
using EmbeddedHost;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Tests.Common;

namespace Gateway.EndToEnd.Tests.Embedding;

/// <summary>
/// samples/EmbeddedHost run as a newcomer runs it (<c>cd samples/EmbeddedHost; dotnet run</c>): its own build output,
/// started from the sample's folder so its own appsettings.json is the configuration, where the gateway's listener
/// forwards to the app's own <c>/hello</c>. Only the two ports are moved to free ones, so the test cannot collide
/// with anything else on the machine.
/// </summary>
public class EmbeddedHostProcessTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sample_RunFromItsFolder_ServesItsOwnEndpoint_AndForwardsItsListenerToIt()
    {
        var folder = SampleFolder();
        var appPort = FreePort();
        var edgePort = FreePort();
        using var sample = GatewayProcess.StartAssembly(SampleAssembly(folder), folder, null,
            $"--urls=http://127.0.0.1:{appPort}",
            $"--Gateway:Listeners:edge:Address=127.0.0.1:{edgePort}",
            $"--Gateway:Clusters:docs:Servers:learn:Address=http://127.0.0.1:{appPort}/");
        // The sample's first answers come from a cold process: on a busy two-core machine they can take longer than a few
        // seconds, and a client timeout would end the test (it is no HttpRequestException that FirstAnswerAsync retries).
        using var client = new HttpClient { Timeout = Limit };

        var proxied = await FirstAnswerAsync(client, new Uri($"http://127.0.0.1:{edgePort}/hello"), sample);
        var own = await client.GetStringAsync(new Uri($"http://127.0.0.1:{appPort}/hello"));

        Assert.Contains("Hello from the host app", own, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, proxied.Status);
        Assert.Contains("Hello from the host app", proxied.Body, StringComparison.Ordinal);
        Assert.False(sample.HasExited, $"The sample exited. Output:\n{sample.Output}\nErrors:\n{sample.Error}");
    }

    [Fact]
    public async Task Sample_WhoseOwnUrlIsTaken_ExitsWithCode1AndSaysWhich_InsteadOfAborting()
    {
        // What a newcomer meets when something else already listens on the sample's port (5000 in its appsettings.json):
        // a clear line and exit code 1, not an unhandled exception that aborts the process (exit code 134 on Linux).
        var folder = SampleFolder();
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var takenPort = ((IPEndPoint)taken.LocalEndPoint!).Port;
        using var sample = GatewayProcess.StartAssembly(SampleAssembly(folder), folder, null,
            $"--urls=http://127.0.0.1:{takenPort}", $"--Gateway:Listeners:edge:Address=127.0.0.1:{FreePort()}");

        var exitCode = await sample.WaitForExitAsync(Limit);

        Assert.Equal(1, exitCode);
        Assert.Contains($"The app could not start: Failed to bind to address http://127.0.0.1:{takenPort}: address already in use.", sample.Error, StringComparison.Ordinal);
    }

    /// <summary>Polls until the listener answers; fails with the sample's output as soon as it exits.</summary>
    private static async Task<(HttpStatusCode Status, string Body)> FirstAnswerAsync(HttpClient client, Uri url, GatewayProcess sample)
    {
        using var deadline = new CancellationTokenSource(Limit);
        while (true)
        {
            Assert.False(sample.HasExited, $"The sample exited at start. Output:\n{sample.Output}\nErrors:\n{sample.Error}");
            try
            {
                using var response = await client.GetAsync(url, deadline.Token);
                return (response.StatusCode, await response.Content.ReadAsStringAsync(deadline.Token));
            }
            catch (HttpRequestException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(100, deadline.Token);
            }
        }
    }

    /// <summary>samples/EmbeddedHost in the repository this test was built from.</summary>
    private static string SampleFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory), "samples", "EmbeddedHost");
    }

    /// <summary>The sample's own build output, in the configuration this test was built in (bin/Debug or bin/Release).</summary>
    private static string SampleAssembly(string folder)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = Path.Combine(folder, "bin", configuration, "net10.0", Path.GetFileName(typeof(EmbeddedApp).Assembly.Location));
        Assert.True(File.Exists(path), $"{path} not found: build the solution first.");
        return path;
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
