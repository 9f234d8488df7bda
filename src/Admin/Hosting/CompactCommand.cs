using Gateway.Admin.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin.Hosting;

/// <summary>
/// <c>compact</c>: moves revision documents that a build before compact storage wrote whole into compact storage,
/// applies <c>Gateway:Database:Retention</c>, and shrinks the database file. Runs against the configured database
/// without binding any listener; the gateway may keep running meanwhile (SQLite serialises the writes). Exit code 0
/// on success, 1 when the store cannot be opened or compacted.
/// </summary>
internal static class CompactCommand
{
    public const string Name = "compact";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            await using var app = StandaloneHost.Build(args);
            var result = app.Services.GetRequiredService<ConfigStore>().Compact();
            await output.WriteLineAsync(
                $"Compacted the config store: {result.Converted} revisions moved to compact storage, {result.Pruned} pruned by the retention policy; " +
                $"{result.BytesBefore / 1024:N0} KiB before, {result.BytesAfter / 1024:N0} KiB after.");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            await error.WriteLineAsync($"The config store could not be compacted: {ex.Message}");
            return 1;
        }
    }
}
