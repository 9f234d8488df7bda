using System.Diagnostics;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Gateway.Admin.Tests.Store;

/// <summary>Revisions stored as compressed checkpoints and line patches: exact reads, rewinds across checkpoints, size, retention, and the conversion of old rows.</summary>
public class CompactStorageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryRevision_ReadsBackAsCommitted_AndRewindCrossesCheckpoints()
    {
        using var harness = StoreHarness.Create();
        var committed = await CommitManyAsync(harness.Store, 80);

        foreach (var (number, canonical) in committed)
        {
            Assert.Equal(canonical, CanonicalJson.Serialize(harness.Store.Read(number)!.Document));
            Assert.Equal(canonical, harness.Store.Get(number)!.CanonicalDocument);
        }

        var kinds = Rows(harness, "SELECT kind FROM revision_documents ORDER BY number", r => r.GetString(0));
        Assert.Equal(81, kinds.Count);
        Assert.InRange(kinds.Count(k => k == "full"), 3, 4);
        Assert.All(Rows(harness, "SELECT document FROM revisions", r => r.GetString(0)), d => Assert.Equal("", d));

        var rewound = await harness.Store.RewindAsync(2, "test", "back to 2");
        Assert.True(rewound.Succeeded, string.Join("; ", rewound.Errors));
        Assert.Equal(committed[2], CanonicalJson.Serialize(harness.Store.Read(rewound.Revision)!.Document));
        Assert.Equal(committed[2], harness.Store.ExportJson());
    }

    [Fact]
    public async Task AThousandCommits_OfALargeDocument_StaySmall_AndDiffsStayQuick()
    {
        using var harness = StoreHarness.Create();
        var clock = Stopwatch.StartNew();
        var committed = await CommitManyAsync(harness.Store, 1000);
        var commitTime = clock.Elapsed;
        var documentBytes = committed[1].Length;
        harness.Store.Compact();
        var fileBytes = new FileInfo(harness.DatabasePath).Length;

        clock.Restart();
        var diff = harness.Store.Diff(1, 1001)!;
        var diffTime = clock.Elapsed;
        output.WriteLine($"document {documentBytes / 1024} KiB; 1,001 revisions in {fileBytes / 1024} KiB ({(double)fileBytes / documentBytes:F1} documents' worth); commits {commitTime.TotalSeconds:F1} s; diff 1→1001 {diffTime.TotalMilliseconds:F0} ms");

        // Whole documents would take 1,001 × the document; the operations column (before and after images) stays.
        Assert.True(fileBytes < documentBytes * 40, $"{fileBytes} bytes for 1,001 revisions of a {documentBytes}-byte document");
        Assert.Equal(committed[1000], CanonicalJson.Serialize(harness.Store.Read(1000)!.Document));
        Assert.Equal(committed[517], CanonicalJson.Serialize(harness.Store.Read(517)!.Document));
        Assert.NotEmpty(diff.Changes);
    }

    [Fact]
    public async Task Retention_PrunesOldDocuments_KeepsHistory_AndEverythingKeptReadsExactly()
    {
        using var harness = StoreHarness.Create(settings: new Dictionary<string, string?> { ["Gateway:Database:Retention:KeepRevisions"] = "10" });
        var committed = await CommitManyAsync(harness.Store, 45);

        var pruned = harness.Store.Prune();

        Assert.Equal(36, pruned);
        Assert.Null(harness.Store.Read(36));
        Assert.True(harness.Store.IsPruned(36));
        Assert.False(harness.Store.IsPruned(37));
        Assert.Null(harness.Store.Get(5)!.CanonicalDocument);
        Assert.NotEmpty(harness.Store.Get(5)!.Changes);
        Assert.Equal(46, harness.Store.History(1, 100).Count);
        for (var number = 37; number <= 46; number++)
        {
            Assert.Equal(committed[number], CanonicalJson.Serialize(harness.Store.Read(number)!.Document));
        }

        Assert.Equal("full", Rows(harness, "SELECT kind FROM revision_documents WHERE number = 37", r => r.GetString(0)).Single());
        var rewind = await harness.Store.RewindAsync(3, "test", "too far back");
        Assert.Equal(CommitStatus.NotFound, rewind.Status);
        Assert.Null(harness.Store.Diff(3, 40));
    }

    [Fact]
    public async Task OldRowsWithWholeDocuments_AreConvertedExactly_AndTheFileShrinks()
    {
        using var harness = StoreHarness.Create();
        var committed = await CommitManyAsync(harness.Store, 60);
        MakeLegacy(harness, committed);
        var legacyBytes = new FileInfo(harness.DatabasePath).Length;
        var staleStore = harness.Store.Read(30);
        Assert.Equal(committed[30], CanonicalJson.Serialize(staleStore!.Document));

        var result = harness.Store.Compact();

        output.WriteLine($"61 revisions of a {committed[1].Length / 1024} KiB document: {legacyBytes / 1024} KiB stored whole, {result.BytesAfter / 1024} KiB compact");
        Assert.Equal(61, result.Converted);
        Assert.True(result.BytesAfter < legacyBytes / 3, $"{result.BytesBefore} → {result.BytesAfter} bytes (legacy file {legacyBytes})");
        foreach (var (number, canonical) in committed)
        {
            Assert.Equal(canonical, CanonicalJson.Serialize(harness.Store.Read(number)!.Document));
        }

        var next = await harness.Store.CommitAsync(61, [ConfigOperation.Update(Route(7, "after-compaction"))], "test", "after");
        Assert.True(next.Succeeded, string.Join("; ", next.Errors));
        Assert.Contains("after-compaction", CanonicalJson.Serialize(harness.Store.Read(62)!.Document), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRevisionLog_AllowsOnlyEmptyingADocument()
    {
        using var harness = StoreHarness.Create();
        await harness.SeedSampleAsync();
        using var connection = new SqliteConnection($"Data Source={harness.DatabasePath}");
        connection.Open();

        Execute(connection, "UPDATE revisions SET document = '' WHERE number = 1;");
        foreach (var sql in new[] { "UPDATE revisions SET document = '{}' WHERE number = 1;", "UPDATE revisions SET document = '', author = 'x' WHERE number = 1;" })
        {
            var error = Assert.Throws<SqliteException>(() => Execute(connection, sql));
            Assert.Contains("revisions are append-only", error.Message, StringComparison.Ordinal);
        }
    }

    private static RouteConfig Route(int i, string tag) =>
        new() { Id = $"route-{i:D4}", Cluster = $"cluster-{i % 100:D3}", Path = $"/service-{i:D4}/{tag}/{{**rest}}", Hosts = [$"svc{i}.example.com"] };

    /// <summary>Seeds a document of 400 routes and 100 clusters, then commits <paramref name="count"/> one-route changes; returns every revision's canonical text.</summary>
    internal static async Task<Dictionary<long, string>> CommitManyAsync(ConfigStore store, int count)
    {
        var document = new GatewayConfig
        {
            Listeners = [new() { Id = "web", Address = "127.0.0.1:0" }],
            Clusters = [.. Enumerable.Range(0, 100).Select(c => new ClusterConfig
            {
                Id = $"cluster-{c:D3}",
                Servers = [new() { Id = "a", Address = $"http://10.1.{c}.1:8080/" }, new() { Id = "b", Address = $"http://10.1.{c}.2:8080/" }],
            })],
            Routes = [.. Enumerable.Range(0, 400).Select(i => Route(i, "v0"))],
        };
        var seeded = await store.CommitAsync(0, [ConfigOperation.Replace(document)], "test", "large document");
        Assert.True(seeded.Succeeded, string.Join("; ", seeded.Errors));
        var committed = new Dictionary<long, string> { [1] = store.ExportJson() };
        for (var n = 1; n <= count; n++)
        {
            var result = await store.CommitAsync(n, [ConfigOperation.Update(Route(n * 7 % 400, $"v{n}"))], "test", $"change {n}");
            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
            committed[result.Revision] = store.ExportJson();
        }

        return committed;
    }

    /// <summary>Rewrites the store as a build before compact storage left it: whole documents in the revision rows.</summary>
    private static void MakeLegacy(StoreHarness harness, Dictionary<long, string> committed)
    {
        using var connection = new SqliteConnection($"Data Source={harness.DatabasePath}");
        connection.Open();
        Execute(connection, "DROP TRIGGER revisions_append_only_update; DELETE FROM revision_documents;");
        foreach (var (number, canonical) in committed)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE revisions SET document = $d WHERE number = $n;";
            command.Parameters.AddWithValue("$d", canonical);
            command.Parameters.AddWithValue("$n", number);
            command.ExecuteNonQuery();
        }

        Execute(connection, """
            CREATE TRIGGER "revisions_append_only_update" BEFORE UPDATE ON "revisions"
            WHEN NOT (NEW."document" = '' AND NEW."number" = OLD."number" AND NEW."parent" IS OLD."parent"
                AND NEW."created_utc" = OLD."created_utc" AND NEW."author" = OLD."author" AND NEW."message" = OLD."message"
                AND NEW."summary" = OLD."summary" AND NEW."operations" = OLD."operations")
            BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
            VACUUM;
            """);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<T> Rows<T>(StoreHarness harness, string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = new SqliteConnection($"Data Source={harness.DatabasePath}");
        connection.Open();
        return SqliteRows.Read(connection, sql, read);
    }
}
