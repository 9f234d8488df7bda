using Gateway.Core.Serialization;

namespace Gateway.Admin.Tests.Store;

/// <summary>Compact revision storage, retention and compaction on a real PostgreSQL store (its append-only trigger lets only an emptied document through).</summary>
public sealed class PostgresRevisionStorageTests
{
    [Fact]
    public async Task Retention_PrunesOldDocuments_EverythingKeptReadsExactly_AndCompactRuns()
    {
        var settings = StoreHarness.PostgresSettings();
        settings["Gateway:Database:Retention:KeepRevisions"] = "10";
        using var harness = StoreHarness.Create(settings: settings);
        var committed = await CompactStorageTests.CommitManyAsync(harness.Store, 40);

        var result = harness.Store.Compact();

        Assert.Equal(31, result.Pruned);
        Assert.True(harness.Store.IsPruned(31));
        Assert.Null(harness.Store.Read(31));
        Assert.NotEmpty(harness.Store.Get(31)!.Changes);
        for (var number = 32; number <= 41; number++)
        {
            Assert.Equal(committed[number], CanonicalJson.Serialize(harness.Store.Read(number)!.Document));
        }

        var next = await harness.Store.CommitAsync(41, [Gateway.Admin.Store.ConfigOperation.Replace(harness.Store.Read(35)!.Document)], "test", "rewind by hand");
        Assert.True(next.Succeeded, string.Join("; ", next.Errors));
        Assert.Equal(committed[35], harness.Store.ExportJson());
    }
}
