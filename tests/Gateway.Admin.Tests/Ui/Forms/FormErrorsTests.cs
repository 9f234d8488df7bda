using Gateway.Admin.Ui.Forms;
using Gateway.Core.Validation;

namespace Gateway.Admin.Tests.Ui.Forms;

public class FormErrorsTests
{
    [Theory]
    [InlineData("routes[api].cluster", "routes[api]", "cluster")]
    [InlineData("routes[API].path", "routes[api]", "path")]
    [InlineData("routes[api].hosts[2]", "routes[api]", "hosts")]
    [InlineData("routes[api].listeners[0]", "routes[api]", "listeners")]
    [InlineData("clusters[web].servers[s1].address", "clusters[web].servers[s1]", "address")]
    [InlineData("clusters[web].servers[s1].address", "clusters[web]", "servers[s1].address")]
    [InlineData("routes[#3].id", "routes[#", "id")]
    [InlineData("clusters[api].healthCheck.interval", "clusters[api]", "healthCheck.interval")]
    [InlineData("listeners[web].certificates[1]", "listeners[web]", "certificates")]
    [InlineData("routes[api]", "routes[api]", "")]
    [InlineData("routes[apiary].path", "routes[api]", null)]
    [InlineData("routes[other].path", "routes[api]", null)]
    [InlineData("clusters[api].loadBalancing", "routes[api]", null)]
    [InlineData("", "routes[api]", null)]
    public void FieldOf_MapsAValidatorPathToTheFieldUnderTheEntity(string path, string entity, string? expected)
    {
        Assert.Equal(expected, FormErrors.FieldOf(path, [entity]));
    }

    [Fact]
    public void From_PutsErrorsAtTheirFields_AndKeepsTheRestForTheSummary()
    {
        ValidationError[] errors =
        [
            new("clusters[api].loadBalancing", "Not an algorithm."),
            new("clusters[api].servers[a].address", "Not an address."),
            new("clusters[api].rules", "Unknown keyword.", 2, 5),
            new("routes[x].cluster", "Cluster 'api' does not exist."),
            new("", "The configuration changed."),
        ];

        var sorted = FormErrors.From(errors, ["loadBalancing", "rules"], "clusters[api]");

        Assert.Equal(["Not an algorithm."], sorted.For("loadBalancing"));
        Assert.Equal(["Line 2, column 5: Unknown keyword."], sorted.For("rules"));
        Assert.Empty(sorted.For("servers[a].address"));
        Assert.Equal(["clusters[api].servers[a].address: Not an address.", "routes[x].cluster: Cluster 'api' does not exist.", "The configuration changed."], sorted.General);
        Assert.True(sorted.Any);
    }

    [Fact]
    public void None_HasNoErrors()
    {
        Assert.False(FormErrors.None.Any);
        Assert.Empty(FormErrors.None.For("id"));
    }
}
