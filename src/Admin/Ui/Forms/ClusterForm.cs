using Gateway.Core.Configuration;

namespace Gateway.Admin.Ui.Forms;

/// <summary>
/// The cluster form's inputs (its servers have a form of their own). To add a field: a property here, a
/// line in <see cref="From"/> and in <see cref="ToConfig"/>, its validator name in <see cref="Fields"/>,
/// and an input in ClusterEdit.razor. Fields the form does not know are kept from the cluster being edited.
/// </summary>
public sealed class ClusterForm
{
    public static IReadOnlyList<string> Fields { get; } = ["id", "loadBalancing", "activityTimeout", "maxConnectionsPerServer"];

    public string? Id { get; set; }

    public string LoadBalancing { get; set; } = LoadBalancingNames.RoundRobin;

    public string? ActivityTimeout { get; set; }

    public string? MaxConnectionsPerServer { get; set; }

    public static ClusterForm From(ClusterConfig cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new()
        {
            Id = cluster.Id,
            LoadBalancing = cluster.LoadBalancing,
            ActivityTimeout = FormValues.Text(cluster.ActivityTimeout),
            MaxConnectionsPerServer = FormValues.Text(cluster.MaxConnectionsPerServer),
        };
    }

    public ClusterConfig? ToConfig(ClusterConfig? existing, FormErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var activity = FormValues.Duration(ActivityTimeout, "activityTimeout", "leave it empty for the default", errors);
        var limit = FormValues.Integer(MaxConnectionsPerServer, "maxConnectionsPerServer", "leave it empty for no limit", errors);
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
        };
    }
}
