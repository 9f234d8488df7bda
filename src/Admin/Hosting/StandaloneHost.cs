using Gateway.Admin.Api;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Configuration;
using Gateway.Admin.Security;
using Gateway.Admin.Store;
using Gateway.Listeners;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Gateway.Management;
using Gateway.Model;

namespace Gateway.Admin.Hosting;

/// <summary>
/// The standalone gateway: its configuration in the SQLite store at <c>Gateway:Database:Path</c>
/// (seeded from the <c>Gateway</c> section of appsettings.json), its proxy listeners from that
/// configuration, and the admin endpoints on <c>Gateway:Admin:Url</c>.
/// </summary>
internal static class StandaloneHost
{
    /// <summary>
    /// Builds the host. Its configuration comes from the config store, which is created or
    /// upgraded on first use and, while it has no revision, seeded from the <c>Gateway</c> section
    /// of appsettings.json as revision 1. <paramref name="contentRoot"/> holds appsettings.json and wwwroot;
    /// <paramref name="configure"/> lets a test bend the composition (add a log sink, say).
    /// </summary>
    public static WebApplication Build(string[] args, string? contentRoot = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // The static web assets manifests are named after this assembly, whichever process hosts it (a test runner, say).
            ApplicationName = typeof(StandaloneHost).Assembly.GetName().Name,
            ContentRootPath = contentRoot ?? ContentRootLocator.Find(),
            WebRootPath = "wwwroot",
        });

        // The standalone gateway logs every request to standard output unless told otherwise (Gateway:AccessLog).
        if (builder.Configuration["Gateway:AccessLog:Format"] is null)
        {
            builder.Configuration.AddInMemoryCollection([new("Gateway:AccessLog:Format", "text")]);
        }

        var admin = builder.Configuration.GetSection(AdminOptions.Section).Get<AdminOptions>() ?? new AdminOptions();
        var adminEndpoint = new AdminEndpoint(admin, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(adminEndpoint);
        var runtime = builder.Configuration.GetSection(RuntimeOptions.Section).Get<RuntimeOptions>() ?? new RuntimeOptions();
        builder.Services.AddGateway(options =>
        {
            options.AdminUrl = admin.ShowUrlOnNotFound ? admin.Url : null;
            options.Http1CoreByDefault = runtime.Http1Core;
            options.CoreClientSockets = runtime.CoreClientSockets;
        }).LoadFrom<ConfigStore>();
        builder.Services.AddGatewayAdmin(builder.Configuration);
        // This host prints the start-up banner, so it can show a generated first admin token (once).
        builder.Services.PostConfigure<AdminOptions>(options => options.GenerateBootstrapCredentials = true);
        // Keys (for YARP's affinity cookies now, admin sign-in cookies later) live with the database,
        // not in the user's profile, so a copied or moved data folder keeps working.
        builder.Services.AddDataProtection()
            .SetApplicationName("Gateway")
            .PersistKeysToFileSystem(OwnerOnlyDirectory(Path.Combine(DataDirectory(builder), "keys")));
        // Blazor's script (_framework/blazor.web.js) is a static web asset. A published app has it in wwwroot; run from
        // build output it is found through the build's static web assets manifest, which ASP.NET Core reads by itself
        // only in Development: without this, blazor.web.js would be an empty 200 in Production. (No-op when published.)
        builder.WebHost.UseStaticWebAssets();
        // Kestrel's socket transport: Gateway:Runtime:Sockets binds its options as they are named (WaitForDataBeforeAllocatingBuffer…).
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions>(sockets =>
        {
            builder.Configuration.GetSection(RuntimeOptions.Section + ":Sockets").Bind(sockets);
            sockets.UnsafePreferInlineScheduling |= runtime.InlineIo;
        });
        // Larger receive blocks than Kestrel's 4 KiB (Gateway:Runtime:ReceiveBlockSize): the transport takes its pools from
        // the last IMemoryPoolFactory<byte> registered, and Kestrel registered its own when the builder was made.
        runtime.Validate();
        if (runtime.ReceiveBlockSize > 0)
        {
            builder.Services.AddSingleton<IMemoryPoolFactory<byte>>(sp =>
                new ReceiveBlockPoolFactory(runtime.ReceiveBlockSize, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            adminEndpoint.Bind(kestrel);
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseWhen(context => !context.IsGatewayRequest(), adminOnly =>
        {
            adminOnly.UseAdminApiProblems(AdminApi.Path);
            adminOnly.UseStaticFiles();
            // The admin pages' forms carry antiforgery tokens; only endpoints that ask are checked.
            adminOnly.UseAntiforgery();
        });
        app.MapGateway();
        app.MapGatewayAdmin();
        return app;
    }

    /// <summary>
    /// The key ring decrypts the certificates' private keys, and Data Protection on Linux stores it
    /// unencrypted, so its folder is readable by this account only (mode 0700 where modes exist).
    /// </summary>
    private static DirectoryInfo OwnerOnlyDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path);
        }

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var directory = Directory.CreateDirectory(path, ownerOnly);
        File.SetUnixFileMode(path, ownerOnly);
        return directory;
    }

    private static string DataDirectory(WebApplicationBuilder builder)
    {
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        return Path.GetDirectoryName(Path.GetFullPath(database.Path, builder.Environment.ContentRootPath))!;
    }

    /// <summary>Builds the host (creating or upgrading its database on the way) and starts listening.</summary>
    public static async Task<WebApplication> StartAsync(string[] args, string? contentRoot = null, Action<WebApplicationBuilder>? configure = null)
    {
        var app = Build(args, contentRoot, configure);
        try
        {
            await app.StartAsync();
            var adminUrl = app.Services.GetRequiredService<AdminEndpoint>().BoundUrl;
            app.Services.GetRequiredService<Gateway.Admin.Nodes.NodeRegistry>().Address ??= adminUrl?.ToString();
            // The not-found page names the admin URL Kestrel actually bound (it differs when port 0 was asked for).
            var gatewayOptions = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
            gatewayOptions.AdminUrl = gatewayOptions.AdminUrl is null ? null : adminUrl;
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs until stopped. Returns the process exit code: 0 after a clean stop, 2 for invalid configuration (an
    /// appsettings.json that is not JSON included), 1 for other start-up failures. <paramref name="contentRoot"/> holds
    /// appsettings.json; by default the current directory when it has one, else the binaries' folder.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, string? contentRoot = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return await RunCommandAsync(args, output, error, contentRoot);
        }
        catch (Exception ex) when (Find<InvalidDataException>(ex) is { } unreadable && DescribeSettingsFile(unreadable) is { } problem)
        {
            // A settings file that does not parse (a missing comma in appsettings.json, say): where, and what, in one line.
            await error.WriteLineAsync($"The gateway could not start: {problem}");
            return 2;
        }
    }

    private static async Task<int> RunCommandAsync(string[] args, TextWriter output, TextWriter error, string? contentRoot)
    {
        if (args.Length > 0 && args[0] == ValidateCommand.Name)
        {
            return await ValidateCommand.RunAsync(args[1..], output, error);
        }

        if (args.Length > 0 && args[0] == CompactCommand.Name)
        {
            return await CompactCommand.RunAsync(args[1..], output, error);
        }

        // A plain switch for the one setting people type by hand: commit the Gateway section as a new revision at start.
        args = [.. args.Select(a => a == "--reimport-settings" ? $"--{AdminOptions.Section}:{nameof(AdminOptions.ReimportSettings)}=true" : a)];
        InlineSocketCompletions(args, contentRoot);
        WebApplication app;
        try
        {
            app = await StartAsync(args, contentRoot);
        }
        catch (Exception ex) when (Find<GatewayConfigurationException>(ex) is { } invalid)
        {
            await error.WriteLineAsync(invalid.Message);
            return 2;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or OptionsValidationException)
        {
            // Gateway listeners whose address is taken are retried without stopping the host; the admin address is not.
            var hint = Find<AddressInUseException>(ex) is null ? "" : " Another process holds the admin address (a gateway started " +
                "earlier?): stop it, or give this one its own admin URL and database, e.g. --Gateway:Admin:Url=http://127.0.0.1:19090 " +
                "--Gateway:Database:Path=data/second.db";
            await error.WriteLineAsync($"The gateway could not start: {ex.Message}{hint}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM while starting (the listeners may already answer while the first admin is created):
            // the host cancels its start, which is a stop, not a failure.
            await error.WriteLineAsync("The gateway was stopped while starting.");
            return 0;
        }

        await using (app)
        {
            await output.WriteLineAsync(Describe(app));
            await app.WaitForShutdownAsync();
        }

        return 0;
    }

    /// <summary>
    /// The start-up banner: where each listener, the admin endpoints and the database are, and, the
    /// first time it is asked for after a first start that generated one, the first admin token.
    /// </summary>
    public static string Describe(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var listeners = app.Services.GetRequiredService<IGatewayListeners>();
        var snapshot = app.Services.GetRequiredService<IGatewaySnapshotAccessor>().Current;
        var adminUrl = app.Services.GetRequiredService<AdminEndpoint>().BoundUrl;
        var lines = new List<string> { "Gateway is running." };
        lines.AddRange(listeners.All.Select(l => l.State == ListenerState.Bound
            ? $"  listener {l.Id,-12} {l.Url} ({l.Protocols})"
            : $"  listener {l.Id,-12} NOT BOUND ({l.Address}): {l.Error ?? "still binding"}"));
        lines.Add($"  admin                 {adminUrl}");
        lines.Add($"  database              {app.Services.GetRequiredService<GatewayDatabase>().Describe()}");
        lines.Add($"  admin API             {adminUrl}api/v1/ (OpenAPI: {adminUrl}api/v1/openapi.json)");
        lines.Add($"  configuration         {snapshot.Version} of the store: {snapshot.Config.Listeners.Count} listeners, {snapshot.Config.Routes.Count} routes, {snapshot.Config.Clusters.Count} clusters");
        if (app.Services.GetRequiredService<AdminBootstrap>().TakeGenerated() is { } generated)
        {
            lines.Add("");
            lines.Add($"  First start: created admin user '{AdminBootstrap.UserName}'. What follows is shown only now and stored only");
            lines.Add("  as a hash, so keep it somewhere safe (or set Gateway:Admin:BootstrapPassword and");
            lines.Add("  Gateway:Admin:BootstrapToken on first start instead):");
            lines.Add("");
            if (generated.Password is { } password)
            {
                lines.Add($"    password   {password}    (sign in at {adminUrl})");
            }

            if (generated.Token is { } token)
            {
                lines.Add($"    API token  {token}");
                lines.Add("");
                lines.Add($"  e.g.  curl -H 'Authorization: Bearer {token}' {adminUrl}api/v1/status");
            }

            lines.Add("");
        }

        lines.Add("Press Ctrl+C to stop.");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>
    /// The socket engine reads <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c> once, when the first socket is used:
    /// set here, before the host opens any, when <c>Gateway:Runtime:InlineIo</c> asks for it and the process was not
    /// started with a value of its own. Only the standalone process does this; an embedding host sets the variable itself.
    /// </summary>
    private static void InlineSocketCompletions(string[] args, string? contentRoot)
    {
        const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
        // The same sources, in the same order, as the host's own configuration reads this section from.
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(contentRoot ?? ContentRootLocator.Find(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var runtime = configuration.GetSection(RuntimeOptions.Section).Get<RuntimeOptions>() ?? new RuntimeOptions();
        if (runtime.InlineIo && Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }
    }

    /// <summary>
    /// "appsettings.json is not valid JSON: line 18, position 33: …" for a settings file the configuration could not load
    /// (its message says which file; the innermost exception what and, for JSON, where); null for other data errors.
    /// </summary>
    internal static string? DescribeSettingsFile(InvalidDataException exception)
    {
        const string Prefix = "Failed to load configuration from file '";
        var end = exception.Message.StartsWith(Prefix, StringComparison.Ordinal) ? exception.Message.IndexOf('\'', Prefix.Length) : -1;
        if (end < 0)
        {
            return null;
        }

        var file = exception.Message[Prefix.Length..end];
        if (Find<System.Text.Json.JsonException>(exception) is { } json)
        {
            // System.Text.Json appends "LineNumber: 17 | BytePositionInLine: 32." (both from 0); the position is said once, from 1.
            var cut = json.Message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            var what = cut < 0 ? json.Message : json.Message[..cut];
            var where = json.LineNumber is { } line ? $"line {line + 1}, position {json.BytePositionInLine + 1}: " : "";
            return $"{file} is not valid JSON: {where}{what}";
        }

        var innermost = exception.InnerException ?? exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return $"{file} could not be read: {innermost.Message}";
    }

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T match)
            {
                return match;
            }

            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(e => e is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }
}
