using Gateway.Admin.Ui.Forms;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Admin.Tests.Ui.Forms;

/// <summary>The TCP-mode fields of the listener and cluster forms: shown, saved, and their validator errors placed at their inputs.</summary>
public class TcpModeFormTests
{
    private static readonly ListenerConfig TcpListener = new()
    {
        Id = "db", Address = "127.0.0.1:5432", Mode = ListenerMode.Tcp, DefaultCluster = "postgres", IdleTimeout = TimeSpan.FromMinutes(10),
        Rules = "tcp-request connection reject if { src 10.0.0.0/8 }",
    };

    private static readonly ClusterConfig TcpCluster = new()
    {
        Id = "postgres", ConnectTimeout = TimeSpan.FromSeconds(2), SendProxy = SendProxy.V2,
        Servers = [new() { Id = "a", Address = "tcp://10.0.0.1:5432" }],
    };

    [Fact]
    public void ListenerForm_RoundTrip_KeepsModeDefaultClusterAndIdleTimeout()
    {
        var form = ListenerForm.From(TcpListener);
        var errors = new FormErrors();

        Assert.Equal((ListenerMode.Tcp, "postgres", "00:10:00"), (form.Mode, form.DefaultCluster, form.IdleTimeout));
        Assert.Equal(TcpListener, form.ToConfig(TcpListener, errors));
        Assert.False(errors.Any);
    }

    [Fact]
    public void ListenerForm_EmptyDefaultClusterAndIdleTimeout_AreNone()
    {
        var form = ListenerForm.From(TcpListener);
        form.DefaultCluster = " ";
        form.IdleTimeout = "";

        var back = form.ToConfig(TcpListener, new FormErrors())!;

        Assert.Null(back.DefaultCluster);
        Assert.Null(back.IdleTimeout);
    }

    [Fact]
    public void ListenerForm_IdleTimeoutThatIsNotADuration_IsAnErrorAtItsField()
    {
        var errors = new FormErrors();

        Assert.Null(new ListenerForm { Id = "db", Address = "127.0.0.1:1", Mode = ListenerMode.Tcp, IdleTimeout = "ten minutes" }.ToConfig(null, errors));
        Assert.Contains("not a duration", Assert.Single(errors.For("idleTimeout")), StringComparison.Ordinal);
    }

    [Fact]
    public void ClusterForm_RoundTrip_KeepsConnectTimeoutAndSendProxy()
    {
        var form = ClusterForm.From(TcpCluster);

        Assert.Equal(("00:00:02", SendProxy.V2), (form.ConnectTimeout, form.SendProxy));
        Assert.Equal(TcpCluster, form.ToConfig(TcpCluster, new FormErrors()));
    }

    [Fact]
    public void ClusterForm_ConnectCheck_WithoutAPath_RoundTrips_AndCanBeTurnedOnAndOff()
    {
        var checkedCluster = TcpCluster with { HealthCheck = new() { Interval = TimeSpan.FromSeconds(3), Fall = 2 } };

        var form = ClusterForm.From(checkedCluster);
        var kept = form.ToConfig(checkedCluster, new FormErrors())!;
        form.HealthCheckEnabled = false;
        var off = form.ToConfig(checkedCluster, new FormErrors())!;
        var on = new ClusterForm { Id = "postgres", HealthCheckEnabled = true }.ToConfig(TcpCluster, new FormErrors())!;

        Assert.True(ClusterForm.From(checkedCluster).HealthCheckEnabled);
        Assert.Equal(checkedCluster.HealthCheck, kept.HealthCheck);
        Assert.Null(off.HealthCheck);
        Assert.Equal(new HealthCheckConfig(), on.HealthCheck);
    }

    [Fact]
    public void ClusterForm_ConnectTimeoutThatIsNotADuration_IsAnErrorAtItsField()
    {
        var errors = new FormErrors();

        Assert.Null(new ClusterForm { Id = "c", ConnectTimeout = "2 seconds" }.ToConfig(null, errors));
        Assert.Single(errors.For("connectTimeout"));
    }

    [Fact]
    public void ValidatorErrors_OfTheNewFields_LandAtTheirInputs()
    {
        var document = GatewayConfig.Empty with
        {
            Listeners = [TcpListener with { DefaultCluster = null, IdleTimeout = TimeSpan.Zero }],
            Clusters = [TcpCluster with { ConnectTimeout = TimeSpan.FromHours(1) }],
        };
        var errors = ConfigValidator.Validate(document);

        var listener = FormErrors.From(errors, ListenerForm.Fields, "listeners[db]");
        var cluster = FormErrors.From(errors, ClusterForm.Fields, "clusters[postgres]");

        Assert.Contains("needs a default cluster", Assert.Single(listener.For("defaultCluster")), StringComparison.Ordinal);
        Assert.Single(listener.For("idleTimeout"));
        Assert.Single(cluster.For("connectTimeout"));
    }
}
