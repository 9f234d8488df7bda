using System.Diagnostics;
using Gateway.Admin.Store;
using Gateway.Core.Serialization;
using Gateway.Tests.Common;
using Microsoft.Data.Sqlite;

namespace Gateway.Admin.Tests.Store;

public class CrashSafetyTests
{
    private const int Kills = 20;

    [Fact]
    public async Task KilledWriter_LeavesAnIntactStore_WithEveryAcknowledgedCommit()
    {
        using var root = new TempDirectory();
        var random = new Random(20261121);
        var writer = Path.Combine(AppContext.BaseDirectory, "Gateway.Admin.CrashWriter.dll");
        long acknowledged = 0;

        for (var kill = 0; kill < Kills; kill++)
        {
            var wanted = random.Next(1, 15);
            var lastAck = await RunAndKillAsync(writer, root.Path, wanted, TimeSpan.FromMilliseconds(random.Next(0, 25)));
            acknowledged = Math.Max(acknowledged, lastAck);

            SqliteConnection.ClearAllPools();
            using var harness = StoreHarness.Create(root.Path);
            var latest = harness.Store.Read();
            var history = harness.Store.History(pageSize: 10_000);

            Assert.Equal("ok", IntegrityCheck(harness.DatabasePath));
            Assert.True(latest.Revision >= acknowledged, $"kill {kill}: revision {acknowledged} was acknowledged but the store ends at {latest.Revision}");
            Assert.Equal(Enumerable.Range(1, (int)latest.Revision).Reverse().Select(n => (long)n), history.Select(r => r.Number));
            Assert.All(history.Where(r => r.Number > 1), r => Assert.Equal(r.Number - 1, r.Parent));
            // No partial revision: the entity tables hold exactly the latest revision's document.
            Assert.Equal(CanonicalJson.Serialize(latest.Document), CanonicalJson.Serialize(harness.Store.ReadEntityTables()));
            acknowledged = latest.Revision;
        }

        Assert.True(acknowledged >= Kills, $"the writer committed {acknowledged} revisions over {Kills} runs");
    }

    /// <summary>Starts the writer, waits for <paramref name="acks"/> acknowledgements and a little more, then SIGKILLs it.</summary>
    private static async Task<long> RunAndKillAsync(string writer, string root, int acks, TimeSpan extra)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(writer);
        start.ArgumentList.Add(root);
        using var process = new Process { StartInfo = start };
        long last = 0;
        var seen = 0;
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("ACK ", StringComparison.Ordinal))
            {
                Interlocked.Exchange(ref last, long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
                Interlocked.Increment(ref seen);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.TrueAsync(() => Volatile.Read(ref seen) >= acks || process.HasExited, "the writer's acknowledgements", TimeSpan.FromSeconds(60));
            Assert.False(process.HasExited, $"the writer stopped by itself: {errors}");
            await Task.Delay(extra);
        }
        finally
        {
            process.Kill(); // SIGKILL on Unix: no chance to finish or clean up
            await process.WaitForExitAsync();
        }

        // Acknowledgements printed after the last one counted may be lost with the pipe; the
        // store must still contain at least every one that was counted before the kill.
        return Interlocked.Read(ref last);
    }

    private static string IntegrityCheck(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)command.ExecuteScalar()!;
    }
}
