namespace Gateway.Admin.Store;

/// <summary><c>Gateway:Database</c>: where the config store lives.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Gateway:Database";

    /// <summary>SQLite file; a relative path is under the content root. Created with its folder on first start.</summary>
    public string Path { get; set; } = "data/gateway.db";

    /// <summary>How long a writer waits for another writer's lock before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
