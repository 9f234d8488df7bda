using Gateway.Admin.Ui.Forms;
using Gateway.Core.Configuration;

namespace Gateway.Admin.Tests.Ui.Forms;

/// <summary>The concurrency limit inputs of the route and cluster forms.</summary>
public class ConcurrencyFormTests
{
    private static readonly ConcurrencyLimitConfig Limit = new() { MaxRequests = 10, MaxQueue = 0, QueueTimeout = TimeSpan.FromSeconds(3) };

    [Fact]
    public void RouteForm_ShowsTheLimit_AndRoundTripsToTheSameRoute()
    {
        var route = new RouteConfig { Id = "api", Cluster = "c", Path = "/api/{**rest}", Concurrency = Limit };
        var form = RouteForm.From(route);
        var errors = new FormErrors();

        Assert.Equal(("10", "0", "00:00:03"), (form.ConcurrencyMaxRequests, form.ConcurrencyMaxQueue, form.ConcurrencyQueueTimeout));
        var read = form.ToConfig(route, errors)!;
        Assert.Equal((route.Id, route.Path, route.Concurrency), (read.Id, read.Path, read.Concurrency));
        Assert.False(errors.Any);
    }

    [Fact]
    public void ClusterForm_ShowsTheLimit_AndEmptyingItRemovesIt()
    {
        var cluster = new ClusterConfig { Id = "c", Concurrency = Limit };
        var form = ClusterForm.From(cluster);
        Assert.Equal(cluster, form.ToConfig(cluster, new FormErrors()));

        (form.ConcurrencyMaxRequests, form.ConcurrencyMaxQueue, form.ConcurrencyQueueTimeout) = ("", "", "");
        Assert.Null(form.ToConfig(cluster, new FormErrors())!.Concurrency);
    }

    [Theory]
    [InlineData("many", "", "", "concurrency.maxRequests")]
    [InlineData("5", "x", "", "concurrency.maxQueue")]
    [InlineData("5", "", "soon", "concurrency.queueTimeout")]
    [InlineData("", "3", "", "concurrency.maxRequests")]
    public void BadInput_IsAnErrorNextToItsField(string max, string queue, string timeout, string field)
    {
        var form = RouteForm.From(new RouteConfig { Id = "api", Cluster = "c", Path = "/" });
        (form.ConcurrencyMaxRequests, form.ConcurrencyMaxQueue, form.ConcurrencyQueueTimeout) = (max, queue, timeout);
        var errors = new FormErrors();

        Assert.Null(form.ToConfig(null, errors));
        Assert.NotEmpty(errors.For(field));
    }

    [Fact]
    public void ValidatorErrors_AreShownNextToTheConcurrencyInputs()
    {
        var placed = FormErrors.From([new("routes[api].concurrency.maxRequests", "at least 1"), new("clusters[c].concurrency.maxQueue", "0 or more")], RouteForm.Fields, "routes[api]");
        Assert.Single(placed.For("concurrency.maxRequests"));
        var clusterPlaced = FormErrors.From([new("clusters[c].concurrency.maxQueue", "0 or more")], ClusterForm.Fields, "clusters[c]");
        Assert.Single(clusterPlaced.For("concurrency.maxQueue"));
    }
}
