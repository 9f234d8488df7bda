using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using Gateway.Model;

namespace Gateway.Listeners;

/// <summary>
/// What Kestrel's configuration loader reads (<c>KestrelServerOptions.Configure(this, reloadOnChange: true)</c>):
/// the host's own Kestrel configuration, chained so its endpoints and defaults keep working, plus one
/// <c>Endpoints</c> entry per gateway listener. When the token fires, Kestrel stops the entries that
/// went away or changed (letting their connections finish) and binds the new ones; the others keep
/// their sockets and connections.
/// </summary>
internal sealed class ListenerEndpointsConfiguration : IConfiguration
{
    private const string Prefix = "gateway-listener-";

    private readonly IConfigurationRoot _root;
    private readonly ListenerEndpointsProvider _endpoints = new();
    private BindCycleToken _token = new();

    public ListenerEndpointsConfiguration(IConfiguration? host)
    {
        var builder = new ConfigurationBuilder();
        if (host is not null)
        {
            builder.AddConfiguration(host, shouldDisposeConfiguration: false);
        }

        builder.Add(new ListenerEndpointsSource(_endpoints));
        _root = builder.Build();
        Host = host;
    }

    /// <summary>The host's Kestrel configuration this one extends, if the host had one.</summary>
    public IConfiguration? Host { get; }

    /// <summary>The token Kestrel is (or will be) watching.</summary>
    public BindCycleToken CurrentToken => Volatile.Read(ref _token);

    public string? this[string key]
    {
        get => _root[key];
        set => _root[key] = value;
    }

    public static string EndpointName(string listenerId) => Prefix + listenerId;

    public IEnumerable<IConfigurationSection> GetChildren() => _root.GetChildren();

    public IChangeToken GetReloadToken() => CurrentToken;

    public IConfigurationSection GetSection(string key) => _root.GetSection(key);

    /// <summary>Sets the listeners' entries without telling Kestrel; for before Kestrel has loaded them.</summary>
    public void Set(IReadOnlyList<(ListenerPlan Plan, int Revision)> listeners) => _endpoints.Replace(Entries(listeners));

    /// <summary>Sets the listeners' entries and tells Kestrel; returns the token Kestrel watches once it has applied them.</summary>
    public BindCycleToken Apply(IReadOnlyList<(ListenerPlan Plan, int Revision)> listeners)
    {
        _endpoints.Replace(Entries(listeners));
        var next = new BindCycleToken();
        Interlocked.Exchange(ref _token, next).Fire();
        return next;
    }

    private static Dictionary<string, string?> Entries(IReadOnlyList<(ListenerPlan Plan, int Revision)> listeners)
    {
        var entries = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (plan, revision) in listeners)
        {
            var section = $"Endpoints:{EndpointName(plan.Id)}:";
            entries[section + "Url"] = plan.KestrelUrl;
            // Kestrel compares an endpoint's whole section to decide whether to rebind it: the revision
            // changes whenever the listener's plan does (protocols, TLS, mode), not only its address.
            entries[section + "GatewayRevision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return entries;
    }
}
