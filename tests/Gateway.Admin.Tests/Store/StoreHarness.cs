using System.Data.Common;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Npgsql;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Gateway.Model;

namespace Gateway.Admin.Tests.Store;

/// <summary>A config store on a real SQLite file (or a real PostgreSQL database, with <see cref="PostgresSettings"/>), publishing through the gateway's real snapshot publisher.</summary>
public sealed class StoreHarness : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly TempDirectory? _ownedRoot;

    private StoreHarness(ServiceProvider services, string root, TempDirectory? ownedRoot, IDictionary<string, string?>? settings)
    {
        _services = services;
        _ownedRoot = ownedRoot;
        Root = root;
        Settings = settings;
    }

    public string Root { get; }

    /// <summary>The settings it was created with: pass them, with <see cref="Root"/>, to open the same store again.</summary>
    public IDictionary<string, string?>? Settings { get; }

    public bool IsPostgres => _services.GetRequiredService<GatewayDatabase>().IsPostgres;

    /// <summary>Settings for a store on a new database of the test process's PostgreSQL cluster.</summary>
    public static IDictionary<string, string?> PostgresSettings() => new Dictionary<string, string?>
    {
        [$"{DatabaseOptions.Section}:Provider"] = DatabaseOptions.Postgres,
        [$"{DatabaseOptions.Section}:ConnectionString"] = SharedPostgres.NewDatabaseAsync().GetAwaiter().GetResult(),
    };

    /// <summary>Another store (another process, as far as the database can tell) on the same database and key ring.</summary>
    public StoreHarness Reopen() => Create(Root, Settings);

    /// <summary>A raw connection to the store's database, opened, for tests that look under the store.</summary>
    public DbConnection OpenConnection()
    {
        var database = _services.GetRequiredService<GatewayDatabase>();
        if (database.IsPostgres)
        {
            var connection = new NpgsqlConnection(database.ConnectionString);
            connection.Open();
            return connection;
        }

        var sqlite = new SqliteConnection($"Data Source={database.FilePath};Pooling=False");
        sqlite.Open();
        return sqlite;
    }

    /// <summary>Everything the database holds, as text: the SQLite files' bytes, or every row of PostgreSQL's tables.</summary>
    public string StoredText()
    {
        if (!IsPostgres)
        {
            SqliteConnection.ClearAllPools();
            return string.Concat(Directory.GetFiles(Path.GetDirectoryName(DatabasePath)!, "gateway.db*").Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        }

        using var connection = OpenConnection();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT tablename FROM pg_tables WHERE schemaname = 'public';";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new StringBuilder();
        foreach (var table in tables)
        {
            using var rows = connection.CreateCommand();
            rows.CommandText = $"SELECT t::text FROM \"{table}\" t;";
            using var reader = rows.ExecuteReader();
            while (reader.Read())
            {
                text.Append(reader.GetString(0)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Services the store's consumers need (the explainer, the snapshot compiler).</summary>
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public ConfigStore Store => _services.GetRequiredService<ConfigStore>();

    public GatewaySnapshot Live => _services.GetRequiredService<IGatewaySnapshotAccessor>().Current;

    public string DatabasePath => _services.GetRequiredService<GatewayDatabase>().FilePath;

    /// <summary>A store in a new temp folder, or in <paramref name="root"/> to share a database with another harness.</summary>
    public static StoreHarness Create(string? root = null, IDictionary<string, string?>? settings = null)
    {
        var owned = root is null ? new TempDirectory() : null;
        root ??= owned!.Path;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment(root));
        services.AddGateway().LoadFrom<ConfigStore>();
        services.AddGatewayAdmin(configuration);
        // As the standalone host does: the key ring that encrypts certificate keys lives with the database.
        services.AddDataProtection().SetApplicationName("Gateway").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(root, "data", "keys")));
        return new StoreHarness(services.BuildServiceProvider(), root, owned, settings);
    }

    public static GatewayConfig Sample => new()
    {
        Listeners =
        [
            new() { Id = "web", Address = "127.0.0.1:8080", AcceptProxy = true, MaxConnections = 500, TarpitTimeout = TimeSpan.FromSeconds(10), Rules = "acl internal src 10.0.0.0/8\nhttp-request tarpit if !internal { path_beg /admin }" },
            new() { Id = "internal", Address = "127.0.0.1:8081" },
        ],
        Routes =
        [
            new() { Id = "orders", Cluster = "api", Path = "/orders/{**rest}", Rules = "http-request set-header X-Backend %[req.hdr(host),lower,map(hosts,unknown)]" },
            new() { Id = "users", Cluster = "api", Path = "/users/{**rest}", Listeners = ["internal"] },
            new() { Id = "site", Cluster = "site", Hosts = ["www.example.com"] },
        ],
        Clusters =
        [
            new()
            {
                Id = "api",
                Servers = [new() { Id = "a1", Address = "http://10.0.0.1:8080/", Weight = 3 }, new() { Id = "a2", Address = "http://10.0.0.2:8080/", Weight = 0 }, new() { Id = "a3", Address = "http://10.0.0.3:8080/", Backup = true, State = ServerState.Drain }],
                HealthCheck = new() { Path = "/healthz", Interval = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromMilliseconds(1500), Rise = 1, Fall = 5 },
                Rules = "http-response del-header Server\n\n  # blank line and indent kept",
            },
            new() { Id = "site", LoadBalancing = "random", HealthCheck = new() { Path = "/" }, Servers = [new() { Id = "s1", Address = "http://10.0.1.1/" }] },
        ],
        Maps = [new() { Id = "hosts", Entries = [new("www.example.com", "site"), new("api.example.com", "api")] }],
    };

    /// <summary>Commits <see cref="Sample"/> as revision 1 and returns it.</summary>
    public async Task<long> SeedSampleAsync()
    {
        var result = await Store.CommitAsync(0, [ConfigOperation.Replace(Sample)], "test", "sample");
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.Revision;
    }

    public void Dispose()
    {
        _services.Dispose();
        _ownedRoot?.Dispose();
    }
}
