using Gateway.Admin.Store;
using Gateway.Admin.Threading;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Gateway.Admin.Nodes;

/// <summary>
/// Makes a node of a PostgreSQL store follow the others: it LISTENs on the store's revision channel and, on each
/// notification and at least every <see cref="NodeOptions.PollInterval"/> (the fallback when a notification is lost,
/// or the listening connection is), applies every revision it has not (<see cref="ConfigStore.CatchUpAsync"/>), and
/// writes its registry row. When the database is lost it keeps the snapshot in force and tries again every interval.
/// Nothing to do on SQLite, where this process is the only writer.
/// </summary>
internal sealed partial class RevisionFollower(ConfigStore store, GatewayDatabase database, NodeRegistry registry, IOptions<NodeOptions> options, TimeProvider time, ILogger<RevisionFollower> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!database.IsPostgres)
        {
            return;
        }

        // Catching up compiles whole configurations and may block on the database (a first migration): never on the
        // socket thread that completed the last notification or query.
        await ThreadPoolContext.SwitchTo();

        var poll = options.Value.PollInterval;
        var lastHeartbeat = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            NpgsqlConnection? listener = null;
            try
            {
                listener = new NpgsqlConnection(database.ConnectionString);
                await listener.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {GatewayDatabase.RevisionChannel};", listener))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Listening from here on: a commit after this point wakes the wait below; one before it is caught up now.
                while (!stoppingToken.IsCancellationRequested)
                {
                    await store.CatchUpAsync(stoppingToken);
                    if (time.GetUtcNow() - lastHeartbeat >= options.Value.HeartbeatInterval)
                    {
                        await registry.HeartbeatAsync(store.AppliedRevision, stoppingToken);
                        lastHeartbeat = time.GetUtcNow();
                    }

                    // Returns on a notification, or false after the interval; either way, catch up.
                    await listener.WaitAsync(poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is StoreUnavailableException || GatewayDatabase.IsUnreachable(ex))
            {
                store.Connectivity.Lost(ex);
                await Task.Delay(poll, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception ex)
            {
                LogFollowError(logger, ex);
                await Task.Delay(poll, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            finally
            {
                if (listener is not null)
                {
                    await listener.DisposeAsync();
                }
            }
        }
    }

    [LoggerMessage(42, LogLevel.Warning, "Following the configuration database failed; trying again.")]
    private static partial void LogFollowError(ILogger logger, Exception exception);
}
