using Gateway.AccessLog;
using Gateway.Backends;
using Gateway.Forwarding;
using Gateway.Http;
using Gateway.Http1.Pool;
using Gateway.Model;
using Gateway.RequestObservation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.LoadBalancing;

namespace Gateway.Http1.Proxy;

/// <summary>What every connection of the HTTP/1.1 core shares.</summary>
internal sealed class Http1Services(
    IGatewaySnapshotAccessor snapshots,
    BackendDispatcher dispatcher,
    ServerPools pools,
    IProxyStateLookup proxyState,
    IEnumerable<ILoadBalancingPolicy> policies,
    AccessLogWriter accessLog,
    RequestRecorder recorder,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    RouteTrafficTable routeTraffic,
    ClusterTrafficTable clusterTraffic,
    Checkpoints.RateCheckpoints checkpoints,
    Checkpoints.ConcurrencyLimits concurrency,
    Connections.ConnectionHeartbeat heartbeat,
    ILogger<Http1Services> logger,
    RegexTimeoutReporter? regexTimeouts = null)
{
    private readonly Diagnostics.LogLimiter _malformedLog = new(time, TimeSpan.FromSeconds(10));

    private readonly Dictionary<string, ILoadBalancingPolicy> _policies = policies.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public IGatewaySnapshotAccessor Snapshots { get; } = snapshots;

    public BackendDispatcher Dispatcher { get; } = dispatcher;

    /// <summary>The <c>rate-limit</c> checkpoints' queues, shared with the Kestrel+YARP path.</summary>
    public Checkpoints.RateCheckpoints Checkpoints { get; } = checkpoints;

    /// <summary>Route and cluster concurrency limits, shared with the Kestrel+YARP path.</summary>
    public Checkpoints.ConcurrencyLimits Concurrency { get; } = concurrency;

    public ServerPools Pools { get; } = pools;

    /// <summary>The shared coarse clock of body rates and lingering closes.</summary>
    public Connections.ConnectionHeartbeat Heartbeat { get; } = heartbeat;

    public IProxyStateLookup ProxyState { get; } = proxyState;

    public AccessLogWriter AccessLog { get; } = accessLog;

    /// <summary>Records each request for the metrics, the charts and the Recent requests page, as the Kestrel path does.</summary>
    public RequestRecorder Recorder { get; } = recorder;

    public GatewayOptions Options { get; } = options.Value;

    public TimeProvider Time { get; } = time;

    public RegexTimeoutReporter? RegexTimeouts { get; } = regexTimeouts;

    public RouteTrafficTable RouteTraffic { get; } = routeTraffic;

    public ClusterTrafficTable ClusterTraffic { get; } = clusterTraffic;

    private long _served;
    private long _handedOff;

    /// <summary>Requests the core answered itself (forwarded or not).</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>Connections the core passed on to Kestrel's HTTP server at a request it does not serve.</summary>
    public long HandedOff => Interlocked.Read(ref _handedOff);

    public void CountServed() => Interlocked.Increment(ref _served);

    public void CountHandedOff() => Interlocked.Increment(ref _handedOff);

    /// <summary>A request head the core refused: one short line, at most one every 10 s with a count of the rest (a flood of bad requests cannot flood the log).</summary>
    public void MalformedRequest(string listenerId, System.Net.IPEndPoint? client, int status, string? reason)
    {
        if (_malformedLog.ShouldLog(out var suppressed))
        {
            Http1Log.MalformedRequest(logger, listenerId, client?.ToString() ?? "-", status, reason ?? "malformed request head", suppressed);
        }
    }

    public ILoadBalancingPolicy Policy(string? name) =>
        _policies.GetValueOrDefault(name ?? "") ?? _policies[Gateway.LoadBalancing.WeightedLoadBalancingPolicies.RoundRobin];
}
