using System.Globalization;
using Gateway.Core.Configuration;

namespace Gateway.Admin.Ui.Forms;

/// <summary>
/// The cluster form's retry and passive-health inputs. The two checkboxes that are on by default have no
/// initializer: an unticked box posts nothing, so a posted form must start from false (a new cluster's form
/// ticks them, <see cref="ForNew"/>).
/// </summary>
internal sealed partial class ClusterForm
{
    public string? RetryCount { get; set; }

    public bool RetryRedispatch { get; set; }

    /// <summary>Statuses separated by commas or spaces, e.g. <c>502, 503</c>.</summary>
    public string? RetryOnStatuses { get; set; }

    public bool RetryNonIdempotent { get; set; }

    public string? RetryBufferLimit { get; set; }

    public string? RetryDeadline { get; set; }

    public bool PassiveHealthEnabled { get; set; }

    public string? PassiveHealthFailures { get; set; }

    public bool PassiveHealthCountServerErrors { get; set; }

    public string? PassiveHealthEjectionTime { get; set; }

    public string? PassiveHealthMaxEjectionTime { get; set; }

    private void FillFailures(ClusterConfig cluster)
    {
        RetryCount = FormValues.Text(cluster.Retry.Count);
        RetryRedispatch = cluster.Retry.Redispatch;
        RetryOnStatuses = string.Join(", ", cluster.Retry.OnStatuses.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        RetryNonIdempotent = cluster.Retry.NonIdempotent;
        RetryBufferLimit = FormValues.Text(cluster.Retry.BufferLimit);
        RetryDeadline = FormValues.Text(cluster.Retry.Deadline);
        PassiveHealthEnabled = cluster.PassiveHealth.Enabled;
        PassiveHealthFailures = FormValues.Text(cluster.PassiveHealth.ConsecutiveFailures);
        PassiveHealthCountServerErrors = cluster.PassiveHealth.CountServerErrors;
        PassiveHealthEjectionTime = FormValues.Text(cluster.PassiveHealth.EjectionTime);
        PassiveHealthMaxEjectionTime = FormValues.Text(cluster.PassiveHealth.MaxEjectionTime);
    }

    private RetryConfig Retry(FormErrors errors)
    {
        var count = FormValues.Integer(RetryCount, "retry.count", $"from 0 to {RetryConfig.MaxCount}; leave it empty for {RetryConfig.DefaultCount}", errors);
        var buffer = FormValues.Integer(RetryBufferLimit, "retry.bufferLimit", $"a number of bytes; leave it empty for {RetryConfig.DefaultBufferLimit}", errors);
        var deadline = FormValues.Duration(RetryDeadline, "retry.deadline", "leave it empty for no overall limit", errors);
        var statuses = new List<int>();
        foreach (var text in FormValues.List(RetryOnStatuses))
        {
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var status))
            {
                statuses.Add(status);
            }
            else
            {
                errors.Add("retry.onStatuses", $"'{text}' is not an HTTP status; write numbers such as 502, 503.");
            }
        }

        return new RetryConfig
        {
            Count = count ?? RetryConfig.DefaultCount,
            Redispatch = RetryRedispatch,
            OnStatuses = statuses,
            NonIdempotent = RetryNonIdempotent,
            BufferLimit = buffer ?? RetryConfig.DefaultBufferLimit,
            Deadline = deadline,
        };
    }

    private PassiveHealthConfig PassiveHealth(FormErrors errors)
    {
        var failures = FormValues.Integer(PassiveHealthFailures, "passiveHealth.consecutiveFailures", $"leave it empty for {PassiveHealthConfig.DefaultConsecutiveFailures}", errors);
        var ejection = FormValues.Duration(PassiveHealthEjectionTime, "passiveHealth.ejectionTime", $"leave it empty for {FormValues.Text(PassiveHealthConfig.DefaultEjectionTime)}", errors);
        var max = FormValues.Duration(PassiveHealthMaxEjectionTime, "passiveHealth.maxEjectionTime", $"leave it empty for {FormValues.Text(PassiveHealthConfig.DefaultMaxEjectionTime)}", errors);
        return new PassiveHealthConfig
        {
            Enabled = PassiveHealthEnabled,
            ConsecutiveFailures = failures ?? PassiveHealthConfig.DefaultConsecutiveFailures,
            CountServerErrors = PassiveHealthCountServerErrors,
            EjectionTime = ejection ?? PassiveHealthConfig.DefaultEjectionTime,
            MaxEjectionTime = max ?? PassiveHealthConfig.DefaultMaxEjectionTime,
        };
    }
}
