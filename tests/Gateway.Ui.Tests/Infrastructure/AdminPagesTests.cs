namespace Gateway.Ui.Tests.Infrastructure;

/// <summary>The screenshot index must know every admin page, and which one a URL shows.</summary>
public class AdminPagesTests
{
    [Fact]
    public void Templates_AreEveryPageOfTheAdminAssembly()
    {
        Assert.Contains("/", AdminPages.Templates);
        Assert.Contains("/forbidden", AdminPages.Templates);
        Assert.Contains("/clusters/{ClusterId}/servers/{ServerId}/delete", AdminPages.Templates);
        Assert.Equal(AdminPages.Templates.Count, AdminPages.Templates.Distinct().Count());
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/clusters", "/clusters")]
    [InlineData("/clusters/new", "/clusters/new")]
    [InlineData("/clusters/shop", "/clusters/{Id}")]
    [InlineData("/clusters/shop/servers/new", "/clusters/{ClusterId}/servers/new")]
    [InlineData("/clusters/shop/servers/s1", "/clusters/{ClusterId}/servers/{ServerId}")]
    [InlineData("/tokens/7/revoke", "/tokens/{Id:long}/revoke")]
    [InlineData("/nowhere/at/all", null)]
    public void Match_PrefersLiteralSegments_AsTheRouterDoes(string path, string? template)
    {
        Assert.Equal(template, AdminPages.Match(path));
    }
}
