using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gateway.Admin.Hosting;
using Gateway.Admin.Tests.Api;
using Gateway.Admin.Tests.Store;
using Gateway.Core.Serialization;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Nodes;

/// <summary>
/// A standalone node on PostgreSQL, run as a child process (<c>dotnet Gateway.Admin.dll</c>), committing through its
/// REST API in a loop and killed with SIGKILL mid-stream, again and again: every commit it answered 2xx is in the
/// store with its revision, and no revision is half written.
/// </summary>
public sealed partial class KilledNodeTests
{
    private const int Kills = 5;

    [Fact]
    public async Task NodeKilledDuringCommits_LosesNoAcknowledgedCommit_AndLeavesNoPartialRevision()
    {
        var settings = StoreHarness.PostgresSettings();
        var connectionString = settings[$"{Gateway.Admin.Store.DatabaseOptions.Section}:ConnectionString"]!;
        using var root = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(root.Path, "appsettings.json"), $$"""
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "Gateway": {
                "Admin": { "Url": "http://127.0.0.1:0", "BootstrapToken": "{{ApiHost.AdminToken}}" },
                "Listeners": { "web": { "Address": "127.0.0.1:0" } }
              }
            }
            """);
        var random = new Random(20261206);
        var acknowledged = new List<(long Revision, string Map)>();
        var step = 0;

        for (var kill = 0; kill < Kills; kill++)
        {
            using var node = NodeProcess.Start(root.Path, connectionString);
            var admin = await node.AdminUrlAsync();
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(admin, "/api/v1/"), Timeout = TimeSpan.FromSeconds(10) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.AdminToken);
            var revision = (await ApiHost.ReadJsonAsync(await client.GetAsync("status")))["revision"]!.GetValue<long>();

            // Commit in a loop; kill the node after a few acknowledgements, while a commit is in flight.
            var killAfter = random.Next(3, 12);
            using var stop = new CancellationTokenSource();
            var committing = Task.Run(async () =>
            {
                for (var acks = 0; ; acks++)
                {
                    if (acks == killAfter)
                    {
                        _ = Task.Delay(random.Next(0, 15)).ContinueWith(_ => node.Kill(), TaskScheduler.Default);
                    }

                    var map = $"m{step++}";
                    using var request = new HttpRequestMessage(HttpMethod.Post, "maps")
                    {
                        Content = new StringContent($$"""{ "id": "{{map}}", "entries": [ { "key": "step", "value": "{{map}}" } ] }""", Encoding.UTF8, "application/json"),
                    };
                    request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{revision}\""));
                    HttpResponseMessage response;
                    try
                    {
                        response = await client.SendAsync(request);
                    }
                    catch (HttpRequestException)
                    {
                        return; // the node is gone: this commit was never acknowledged
                    }

                    using (response)
                    {
                        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                        revision = long.Parse(response.Headers.ETag!.Tag.Trim('"'), CultureInfo.InvariantCulture);
                        acknowledged.Add((revision, map));
                    }
                }
            });
            await committing.WaitAsync(TimeSpan.FromSeconds(60));
            node.WaitForExit();

            // Read the store as another node would.
            using var harness = StoreHarness.Create(settings: settings);
            var latest = harness.Store.Read();
            var history = harness.Store.History(pageSize: 10_000);
            Assert.Equal(Enumerable.Range(1, (int)latest.Revision).Reverse().Select(n => (long)n), history.Select(r => r.Number));
            Assert.All(history.Where(r => r.Number > 1), r => Assert.Equal(r.Number - 1, r.Parent));
            Assert.True(latest.Revision >= acknowledged[^1].Revision, $"kill {kill}: revision {acknowledged[^1].Revision} was acknowledged, the store ends at {latest.Revision}");
            foreach (var (number, map) in acknowledged)
            {
                var document = harness.Store.Read(number)?.Document ?? throw new InvalidOperationException($"acknowledged revision {number} is missing");
                Assert.Contains(document.Maps, m => m.Id == map);
                Assert.Contains(latest.Document.Maps, m => m.Id == map);
            }

            // No half-written revision: the entity tables hold exactly the latest revision's document.
            Assert.Equal(CanonicalJson.Serialize(latest.Document), CanonicalJson.Serialize(harness.Store.ReadEntityTables()));
        }

        Assert.True(acknowledged.Count >= 3 * Kills, $"{acknowledged.Count} commits acknowledged over {Kills} runs");
    }

    /// <summary>The standalone host as a child process on the given PostgreSQL database, in <c>root</c>.</summary>
    private sealed partial class NodeProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private NodeProcess(Process process) => _process = process;

        public static NodeProcess Start(string root, string connectionString)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(typeof(StandaloneHost).Assembly.Location);
            start.ArgumentList.Add("--Gateway:Database:Provider=postgres");
            start.ArgumentList.Add($"--Gateway:Database:ConnectionString={connectionString}");
            start.ArgumentList.Add("--Gateway:Node:Name=victim");
            start.Environment["DOTNET_NOLOGO"] = "1";
            var node = new NodeProcess(new Process { StartInfo = start });
            node._process.OutputDataReceived += (_, e) => node.Append(e.Data);
            node._process.ErrorDataReceived += (_, e) => node.Append(e.Data);
            node._process.Start();
            node._process.BeginOutputReadLine();
            node._process.BeginErrorReadLine();
            return node;
        }

        public async Task<Uri> AdminUrlAsync()
        {
            await Eventually.TrueAsync(() => Output.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal) || _process.HasExited, "the node to start", TimeSpan.FromSeconds(60));
            var match = AdminLine().Match(Output);
            return match.Success ? new Uri(match.Groups[1].Value) : throw new InvalidOperationException($"The node did not start:\n{Output}");
        }

        /// <summary>SIGKILL on Unix: no chance to finish a commit or clean up.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }

        public void WaitForExit() => _process.WaitForExit(10_000);

        public void Dispose()
        {
            Kill();
            _process.WaitForExit();
            _process.Dispose();
        }

        private string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }

        [GeneratedRegex(@"admin\s+(http://127\.0\.0\.1:\d+/)")]
        private static partial Regex AdminLine();
    }
}
