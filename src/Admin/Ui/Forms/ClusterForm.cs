using Gateway.Core.Configuration;

namespace Gateway.Admin.Ui.Forms;

/// <summary>
/// The cluster form's inputs (its servers have a form of their own). To add a field: a property here, a
/// line in <see cref="From"/> and in <see cref="ToConfig"/>, its validator name in <see cref="Fields"/>,
/// and an input in ClusterEdit.razor. Fields the form does not know are kept from the cluster being edited.
/// </summary>
internal sealed class ClusterForm
{
    public static IReadOnlyList<string> Fields { get; } =
        ["id", "loadBalancing", "activityTimeout", "maxConnectionsPerServer", "healthCheck.path", "healthCheck.interval", "healthCheck.timeout", "healthCheck.rise", "healthCheck.fall", "connectTimeout", "sendProxy"];

    public string? Id { get; set; }

    public string LoadBalancing { get; set; } = LoadBalancingNames.RoundRobin;

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
        return new()
        {
            Id = cluster.Id,
            LoadBalancing = cluster.LoadBalancing,
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
    }

    public ClusterConfig? ToConfig(ClusterConfig? existing, FormErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var activity = FormValues.Duration(ActivityTimeout, "activityTimeout", "leave it empty for the default", errors);
        var limit = FormValues.Integer(MaxConnectionsPerServer, "maxConnectionsPerServer", "leave it empty for no limit", errors);
        var healthCheck = HealthCheck(errors);
        var connect = FormValues.Duration(ConnectTimeout, "connectTimeout", "leave it empty for the default of five seconds", errors);
        if (errors.Any)
        {
            return null;
        }

        return (existing ?? new ClusterConfig { Id = "" }) with
        {
            Id = existing?.Id ?? Id?.Trim() ?? "",
            LoadBalancing = LoadBalancing.Trim(),
            ActivityTimeout = activity,
            MaxConnectionsPerServer = limit,
            HealthCheck = healthCheck,
            ConnectTimeout = connect,
            SendProxy = SendProxy,
        };
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
