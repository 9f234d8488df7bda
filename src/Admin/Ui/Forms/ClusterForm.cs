using Gateway.Core.Configuration;

namespace Gateway.Admin.Ui.Forms;

/// <summary>
/// The cluster form's inputs (its servers have a form of their own). To add a field: a property here, a
/// line in <see cref="From"/> and in <see cref="ToConfig"/>, its validator name in <see cref="Fields"/>,
/// and an input in ClusterEdit.razor. Fields the form does not know are kept from the cluster being edited.
/// The retry and passive-health inputs are in ClusterForm.Failures.cs.
/// </summary>
internal sealed partial class ClusterForm
{
    public static IReadOnlyList<string> Fields { get; } =
    [
        "id", "loadBalancing", "activityTimeout", "maxConnectionsPerServer", "healthCheck.path", "healthCheck.interval", "healthCheck.timeout", "healthCheck.rise", "healthCheck.fall", "connectTimeout", "sendProxy",
        "hostHeader", "stickyCookie", "maxQueue", "queueTimeout",
        "retry.count", "retry.redispatch", "retry.onStatuses", "retry.nonIdempotent", "retry.bufferLimit", "retry.deadline",
        "passiveHealth.enabled", "passiveHealth.consecutiveFailures", "passiveHealth.countServerErrors", "passiveHealth.ejectionTime", "passiveHealth.maxEjectionTime",
        .. ConcurrencyFormValues.Fields,
    ];

    /// <summary>The value of the load-balancing choice that hashes a header named in <see cref="LoadBalancingHeader"/>.</summary>
    public const string HeaderHash = "hdr";

    /// <summary>The load-balancing choices: value and label.</summary>
    public static IReadOnlyList<(string Value, string Label)> LoadBalancingChoices { get; } =
    [
        (LoadBalancingNames.RoundRobin, "round-robin"),
        (LoadBalancingNames.Random, "random"),
        (LoadBalancingNames.LeastRequests, "least-requests"),
        (LoadBalancingNames.PowerOfTwoChoices, "power-of-two-choices"),
        (LoadBalancingNames.First, "first"),
        (LoadBalancingNames.Source, "source (hash of the client's address)"),
        (LoadBalancingNames.Uri, "uri (hash of the path and query)"),
        (HeaderHash, "hdr (hash of a request header)"),
    ];

    /// <summary>The value of <see cref="HostHeaderMode"/> that sends <see cref="HostHeaderValue"/>.</summary>
    public const string FixedHost = "fixed";

    /// <summary>A new cluster's form: the settings that are on by default are ticked.</summary>
    public static ClusterForm ForNew() => new() { RetryRedispatch = true, PassiveHealthEnabled = true };

    public string? Id { get; set; }

    /// <summary>A name from <see cref="LoadBalancingNames"/>, or <see cref="HeaderHash"/> with the header in <see cref="LoadBalancingHeader"/>.</summary>
    public string LoadBalancing { get; set; } = LoadBalancingNames.RoundRobin;

    public string? LoadBalancingHeader { get; set; }

    /// <summary><c>client</c>, <c>server</c> or <see cref="FixedHost"/>.</summary>
    public string HostHeaderMode { get; set; } = HostHeaderModes.Client;

    public string? HostHeaderValue { get; set; }

    public string? StickyCookie { get; set; }

    public string? MaxQueue { get; set; }

    public string? QueueTimeout { get; set; }

    public bool BufferRequestBody { get; set; }
    public string? ConcurrencyMaxRequests { get; set; }

    public string? ConcurrencyMaxQueue { get; set; }

    public string? ConcurrencyQueueTimeout { get; set; }

    public string? ActivityTimeout { get; set; }

    public string? MaxConnectionsPerServer { get; set; }

    /// <summary>
    /// Servers are health-checked. A path makes it an HTTP GET (http clusters); without one, a cluster of
    /// tcp:// servers gets a connect check. Giving a path ticks this implicitly.
    /// </summary>
    public bool HealthCheckEnabled { get; set; }

    /// <summary>The HTTP health check's path; empty for a TCP connect check (tcp:// clusters) or, with checks off, for none.</summary>
    public string? HealthCheckPath { get; set; }

    public string? HealthCheckInterval { get; set; }

    public string? HealthCheckTimeout { get; set; }

    public string? HealthCheckRise { get; set; }

    public string? HealthCheckFall { get; set; }

    public string? ConnectTimeout { get; set; }

    public SendProxy SendProxy { get; set; } = SendProxy.None;

    public static ClusterForm From(ClusterConfig cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var hashed = LoadBalancingNames.TryParseHeader(cluster.LoadBalancing, out var header);
        var hostMode = cluster.HostHeader is HostHeaderModes.Client or HostHeaderModes.Server ? cluster.HostHeader : FixedHost;
        var form = new ClusterForm
        {
            Id = cluster.Id,
            LoadBalancing = hashed ? HeaderHash : cluster.LoadBalancing,
            LoadBalancingHeader = hashed ? header : null,
            HostHeaderMode = hostMode,
            HostHeaderValue = hostMode == FixedHost ? cluster.HostHeader : null,
            StickyCookie = cluster.StickyCookie,
            MaxQueue = FormValues.Text(cluster.MaxQueue),
            QueueTimeout = FormValues.Text(cluster.QueueTimeout),
            BufferRequestBody = cluster.BufferRequestBody,
            ConcurrencyMaxRequests = FormValues.Text(cluster.Concurrency?.MaxRequests),
            ConcurrencyMaxQueue = FormValues.Text(cluster.Concurrency?.MaxQueue),
            ConcurrencyQueueTimeout = FormValues.Text(cluster.Concurrency?.QueueTimeout),
            ActivityTimeout = FormValues.Text(cluster.ActivityTimeout),
            MaxConnectionsPerServer = FormValues.Text(cluster.MaxConnectionsPerServer),
            HealthCheckEnabled = cluster.HealthCheck is not null,
            HealthCheckPath = cluster.HealthCheck?.Path,
            HealthCheckInterval = FormValues.Text(cluster.HealthCheck?.Interval),
            HealthCheckTimeout = FormValues.Text(cluster.HealthCheck?.Timeout),
            HealthCheckRise = FormValues.Text(cluster.HealthCheck?.Rise),
            HealthCheckFall = FormValues.Text(cluster.HealthCheck?.Fall),
            ConnectTimeout = FormValues.Text(cluster.ConnectTimeout),
            SendProxy = cluster.SendProxy,
        };
        form.FillFailures(cluster);
        return form;
    }

    public ClusterConfig? ToConfig(ClusterConfig? existing, FormErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var activity = FormValues.Duration(ActivityTimeout, "activityTimeout", "leave it empty for the default", errors);
        var limit = FormValues.Integer(MaxConnectionsPerServer, "maxConnectionsPerServer", "leave it empty for no limit", errors);
        var healthCheck = HealthCheck(errors);
        var connect = FormValues.Duration(ConnectTimeout, "connectTimeout", "leave it empty for the default of five seconds", errors);
        var balancing = Balancing(errors);
        var host = Host(errors);
        var retry = Retry(errors);
        var passiveHealth = PassiveHealth(errors);
        var maxQueue = FormValues.Integer(MaxQueue, "maxQueue", "0 for no queue; leave it empty for no limit", errors);
        var queueTimeout = FormValues.Duration(QueueTimeout, "queueTimeout", "leave it empty for the default of five seconds", errors);
        var concurrency = ConcurrencyFormValues.ToConfig(ConcurrencyMaxRequests, ConcurrencyMaxQueue, ConcurrencyQueueTimeout, errors);
        if (errors.Any)
        {
            return null;
        }

        return (existing ?? new ClusterConfig { Id = "" }) with
        {
            Id = existing?.Id ?? Id?.Trim() ?? "",
            LoadBalancing = balancing,
            ActivityTimeout = activity,
            MaxConnectionsPerServer = limit,
            HealthCheck = healthCheck,
            ConnectTimeout = connect,
            SendProxy = SendProxy,
            HostHeader = host,
            Retry = retry,
            PassiveHealth = passiveHealth,
            StickyCookie = FormValues.Trimmed(StickyCookie),
            MaxQueue = maxQueue,
            QueueTimeout = queueTimeout,
            BufferRequestBody = BufferRequestBody,
            Concurrency = concurrency,
        };
    }

    private string Balancing(FormErrors errors)
    {
        if (!LoadBalancing.Trim().Equals(HeaderHash, StringComparison.OrdinalIgnoreCase))
        {
            return LoadBalancing.Trim();
        }

        if (FormValues.Trimmed(LoadBalancingHeader) is { } header)
        {
            return $"{LoadBalancingNames.HeaderPrefix}{header})";
        }

        errors.Add("loadBalancing", "Name the request header to hash, e.g. X-User-Id; requests without it go round-robin.");
        return LoadBalancing;
    }

    private string Host(FormErrors errors)
    {
        if (HostHeaderMode != FixedHost)
        {
            return HostHeaderMode;
        }

        if (FormValues.Trimmed(HostHeaderValue) is { } value)
        {
            return value;
        }

        errors.Add("hostHeader", "Write the Host value the servers should receive, e.g. api.internal, or choose the client's or the server's.");
        return HostHeaderModes.Client;
    }

    private HealthCheckConfig? HealthCheck(FormErrors errors)
    {
        var interval = FormValues.Duration(HealthCheckInterval, "healthCheck.interval", $"leave it empty for {FormValues.Text(HealthCheckConfig.DefaultInterval)}", errors);
        var timeout = FormValues.Duration(HealthCheckTimeout, "healthCheck.timeout", $"leave it empty for {FormValues.Text(HealthCheckConfig.DefaultTimeout)}", errors);
        var rise = FormValues.Integer(HealthCheckRise, "healthCheck.rise", $"leave it empty for {HealthCheckConfig.DefaultRise}", errors);
        var fall = FormValues.Integer(HealthCheckFall, "healthCheck.fall", $"leave it empty for {HealthCheckConfig.DefaultFall}", errors);
        var path = FormValues.Trimmed(HealthCheckPath);
        return path is null && !HealthCheckEnabled ? null : new HealthCheckConfig
        {
            Path = path,
            Interval = interval ?? HealthCheckConfig.DefaultInterval,
            Timeout = timeout ?? HealthCheckConfig.DefaultTimeout,
            Rise = rise ?? HealthCheckConfig.DefaultRise,
            Fall = fall ?? HealthCheckConfig.DefaultFall,
        };
    }
}
