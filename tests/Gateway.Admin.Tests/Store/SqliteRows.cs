using Microsoft.Data.Sqlite;

namespace Gateway.Admin.Tests.Store;

/// <summary>Reads a query's rows straight from SQLite, for tests that look at the schema or data under the store.</summary>
internal static class SqliteRows
{
    public static List<T> Read<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
