namespace Gateway.Tests.Common;

/// <summary>
/// One throwaway PostgreSQL cluster for a whole test process (starting one takes a few seconds); each test takes a
/// database of its own with <see cref="NewDatabaseAsync"/>. Stopped and deleted when the process exits.
/// </summary>
public static class SharedPostgres
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A new empty database on the shared cluster; returns its connection string.</summary>
    public static async Task<string> NewDatabaseAsync() => await (await Server.Value).CreateDatabaseAsync();

    private static async Task<PostgresServer> StartAsync()
    {
        var server = await PostgresServer.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
