namespace Gateway.Admin.Tests.Store;

/// <summary>
/// Every test of <see cref="ConfigStoreTests"/> (one transaction per commit, a stale base refused, exactly one of two
/// racing writers wins, append-only revisions, foreign keys including the deferred one, rewind, import and export
/// byte for byte, certificate keys) on a real PostgreSQL database: a new one per test, on the test process's cluster.
/// </summary>
public sealed class PostgresConfigStoreTests : ConfigStoreTests
{
    protected override IDictionary<string, string?>? NewDatabase() => StoreHarness.PostgresSettings();
}
