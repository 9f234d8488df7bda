using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using YarpClusterConfig = Yarp.ReverseProxy.Configuration.ClusterConfig;
using YarpRouteConfig = Yarp.ReverseProxy.Configuration.RouteConfig;
using Gateway.Model;

namespace Gateway.Management;

/// <summary>
/// Feeds YARP from our snapshots. Publishing a snapshot cancels the previous config's change
/// token; YARP reloads on that signal before <see cref="SnapshotHolder.Publish"/> returns, so
/// new requests route the new way as soon as publishing completes.
/// </summary>
internal sealed class GatewayProxyConfigProvider : IProxyConfigProvider
{
    private readonly GatewayConfigApplier _applier;
    private volatile SnapshotProxyConfig _config;

    public GatewayProxyConfigProvider(SnapshotHolder holder, GatewayConfigApplier applier)
    {
        _applier = applier;
        _config = new SnapshotProxyConfig(holder.Current);
        holder.Subscribe(OnPublished);
    }

    public IProxyConfig GetConfig()
    {
        _applier.EnsureStarted();
        return _config;
    }

    private void OnPublished(GatewaySnapshot snapshot)
    {
        var previous = _config;
        _config = new SnapshotProxyConfig(snapshot);
        previous.SignalChanged();
    }

    // The token source is cancelled, never disposed: YARP may still register on an old token.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Cancelled once; disposing would break late registrations.")]
    private sealed class SnapshotProxyConfig : IProxyConfig
    {
        private readonly CancellationTokenSource _changed = new();

        public SnapshotProxyConfig(GatewaySnapshot snapshot)
        {
            RevisionId = $"{snapshot.Version} (snapshot {snapshot.Generation})";
            Routes = snapshot.ProxyRoutes;
            Clusters = snapshot.ProxyClusters;
            ChangeToken = new CancellationChangeToken(_changed.Token);
        }

        public string RevisionId { get; }

        public IReadOnlyList<YarpRouteConfig> Routes { get; }

        public IReadOnlyList<YarpClusterConfig> Clusters { get; }

        public IChangeToken ChangeToken { get; }

        public void SignalChanged() => _changed.Cancel();
    }
}
