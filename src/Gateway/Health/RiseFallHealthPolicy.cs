using System.Globalization;
using System.Net.Sockets;
using Gateway.Core.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Gateway.Health;

/// <summary>
/// YARP's active health checks with HAProxy's rise and fall. YARP probes each destination of a
/// cluster every interval and hands the results here; its own ConsecutiveFailures policy only has
/// a failure threshold and marks a server healthy again on its first success, so this one counts
/// both ways (<see cref="ServerHealthTable.Next"/>) and tells YARP when a server's health changes.
/// A check passes on a 2xx or 3xx answer.
/// </summary>
internal sealed class RiseFallHealthPolicy(ServerHealthTable table, PassiveHealthTable passive, IDestinationHealthUpdater updater, TimeProvider time) : IActiveHealthCheckPolicy
{
    public const string PolicyName = "Gateway.RiseFall";

    /// <summary>Cluster metadata keys carrying the cluster's rise and fall to this policy.</summary>
    public const string RiseKey = "Gateway.HealthCheck.Rise";
    public const string FallKey = "Gateway.HealthCheck.Fall";

    public string Name => PolicyName;

    public void ProbingCompleted(ClusterState cluster, IReadOnlyList<DestinationProbingResult> probingResults)
    {
        if (cluster.Model.Config.HealthCheck?.Active?.Enabled != true)
        {
            return; // checks were turned off while these probes ran; their records are gone and stay gone
        }

        var metadata = cluster.Model.Config.Metadata;
        var rise = Count(metadata, RiseKey, HealthCheckConfig.DefaultRise);
        var fall = Count(metadata, FallKey, HealthCheckConfig.DefaultFall);
        var timeout = cluster.Model.Config.HealthCheck?.Active?.Timeout;
        var now = time.GetUtcNow();
        List<NewActiveDestinationHealth>? changes = null;
        foreach (var result in probingResults)
        {
            var failure = Failure(result, timeout);
            var health = table.Record(cluster.ClusterId, result.Destination.DestinationId, failure, rise, fall, now);
            if (failure is null && health.Status == ServerHealthStatus.Up)
            {
                passive.Reinstate(cluster.ClusterId, result.Destination.DestinationId); // the active check brings an ejected server back
            }

            var yarpHealth = health.Status switch
            {
                ServerHealthStatus.Up => DestinationHealth.Healthy,
                ServerHealthStatus.Down => DestinationHealth.Unhealthy,
                _ => DestinationHealth.Unknown,
            };
            if (result.Destination.Health.Active != yarpHealth)
            {
                (changes ??= []).Add(new NewActiveDestinationHealth(result.Destination, yarpHealth));
            }
        }

        if (changes is not null)
        {
            updater.SetActive(cluster, changes);
        }
    }

    /// <summary>Null for a passed check; otherwise why it failed, in words for the status page.</summary>
    internal static string? Failure(DestinationProbingResult result, TimeSpan? timeout)
    {
        if (result.Response is { } response)
        {
            var status = (int)response.StatusCode;
            return status is >= 200 and < 400 ? null : $"HTTP {status.ToString(CultureInfo.InvariantCulture)}";
        }

        return result.Exception switch
        {
            OperationCanceledException when timeout is { } limit => $"timed out after {limit.ToString("c", CultureInfo.InvariantCulture)}",
            OperationCanceledException => "timed out",
            HttpRequestException { InnerException: SocketException socket } => $"connection failed: {socket.SocketErrorCode}",
            HttpRequestException http => $"request failed: {http.Message}",
            { } other => $"{other.GetType().Name}: {other.Message}",
            null => "no response",
        };
    }

    private static int Count(IReadOnlyDictionary<string, string>? metadata, string key, int fallback) =>
        metadata?.TryGetValue(key, out var text) == true && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
}
