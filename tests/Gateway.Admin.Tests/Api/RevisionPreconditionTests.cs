using System.Net;
using System.Net.Http.Headers;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Api;

/// <summary>ETag names the revision; writes need If-Match naming the latest one.</summary>
public sealed class RevisionPreconditionTests : IAsyncLifetime
{
    private BackendServer _backend = null!;
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("b");
        _host = await ApiHost.StartAsync(_backend);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Theory]
    [InlineData("config")]
    [InlineData("routes")]
    [InlineData("routes/all")]
    [InlineData("routes/all/rules")]
    [InlineData("clusters/backend/servers/s1")]
    [InlineData("revisions")]
    [InlineData("status")]
    public async Task ConfigurationResponses_CarryTheRevisionAsETag(string path)
    {
        using var response = await _host.Admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task WriteWithoutIfMatch_428_NamesTheCurrentRevision_StoresNothing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "routes/all") { Content = ApiHost.Json("""{ "order": 5 }""", "application/merge-patch+json") };

        using var response = await _host.Admin.SendAsync(request);
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.PreconditionRequired, response);

        Assert.Equal(1, problem["currentRevision"]!.GetValue<long>());
        Assert.Contains("If-Match: \"1\"", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, _host.Revision);
    }

    [Fact]
    public async Task WriteOnAStaleRevision_409_NamesTheCurrentRevision_StoresNothing()
    {
        using var first = await _host.SendAsync(HttpMethod.Patch, "routes/all", ApiHost.Json("""{ "order": 5 }""", "application/merge-patch+json"), revision: 1);
        using var second = await _host.SendAsync(HttpMethod.Patch, "routes/all", ApiHost.Json("""{ "order": 9 }""", "application/merge-patch+json"), revision: 1);
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.Conflict, second);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);
        Assert.Equal(2, problem["currentRevision"]!.GetValue<long>());
        Assert.Contains("latest revision is 2", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, _host.Revision);
        Assert.Equal(5, _host.Store.Read().Document.Routes.Single().Order);
    }

    [Fact]
    public async Task IfMatchAnyOrWeak_400()
    {
        foreach (var tag in new[] { EntityTagHeaderValue.Any, new EntityTagHeaderValue("\"1\"", isWeak: true) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, "routes/all");
            request.Headers.IfMatch.Add(tag);
            using var response = await _host.Admin.SendAsync(request);

            var problem = await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, response);
            Assert.Equal("If-Match", ProblemAssert.Errors(problem).Single().Path);
        }

        Assert.Equal(1, _host.Revision);
    }

    [Fact]
    public async Task IfMatchListingTheLatest_IsAccepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "routes/all") { Content = ApiHost.Json("""{ "order": 1 }""") };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"0\""));
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));

        using var response = await _host.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _host.Revision);
    }
}
