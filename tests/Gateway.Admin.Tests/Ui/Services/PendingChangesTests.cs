using Gateway.Admin.Configuration;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Tests.Store;
using Gateway.Admin.Transactions;
using Gateway.Admin.Ui.Security;
using Gateway.Admin.Ui.Services;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Tests.Ui.Services;

/// <summary>The admin pages' staging area: one transaction per person, whole edits or none, commits that never overwrite.</summary>
public sealed class PendingChangesTests : IDisposable
{
    private static readonly System.Security.Claims.ClaimsPrincipal Alice = Person("alice", AdminRole.Editor);
    private static readonly System.Security.Claims.ClaimsPrincipal Bob = Person("bob", AdminRole.Admin);
    private static readonly System.Security.Claims.ClaimsPrincipal Vera = Person("vera", AdminRole.Viewer);

    private readonly StoreHarness _harness = StoreHarness.Create();
    private readonly ManualTimeProvider _clock = new();
    private readonly PendingChanges _pending;

    public PendingChangesTests()
    {
        _pending = new PendingChanges(new TransactionRegistry(_clock, Options.Create(new AdminOptions { TransactionTimeout = TimeSpan.FromMinutes(15) })), _harness.Store);
    }

    [Fact]
    public async Task Stage_BeginsOneTransactionPerPerson_OnTheLatestRevision_AndShowsItOnlyToThem()
    {
        var revision = await _harness.SeedSampleAsync();

        var first = _pending.Stage(Alice, [ConfigOperation.Create(new ClusterConfig { Id = "new" })]);
        var second = _pending.Stage(Alice, [ConfigOperation.Delete(EntityKind.Route, "site")]);

        Assert.True(first.Succeeded && second.Succeeded);
        var state = _pending.State("alice");
        Assert.Equal((revision, revision, 2, false), (state.BaseRevision, state.LatestRevision, state.Count, state.IsStale));
        Assert.Contains(state.Document.Clusters, c => c.Id == "new");
        Assert.DoesNotContain(state.Document.Routes, r => r.Id == "site");
        Assert.Equal(0, _pending.Count("bob"));
        Assert.Contains(_pending.State("bob").Document.Routes, r => r.Id == "site");
        Assert.Equal(revision, _harness.Store.Read().Revision);
    }

    [Fact]
    public async Task Stage_ByAViewer_IsForbidden_AndBeginsNothing()
    {
        await _harness.SeedSampleAsync();

        var result = _pending.Stage(Vera, [ConfigOperation.Create(new ClusterConfig { Id = "new" })]);

        Assert.Equal(StageStatus.Forbidden, result.Status);
        Assert.Null(_pending.Current("vera"));
        Assert.Null(await _pending.CommitAsync(Vera, "sneaky"));
    }

    [Fact]
    public async Task Stage_AnEditThatAddsAValidationError_IsRefusedWithItsPath_AndNothingIsStaged()
    {
        await _harness.SeedSampleAsync();
        var route = StoreHarness.Sample.Routes[0];

        var result = _pending.Stage(Alice, [ConfigOperation.Update(route with { Cluster = "nowhere", Path = "orders" })]);

        Assert.Equal(StageStatus.Invalid, result.Status);
        Assert.Equal(["routes[orders].cluster", "routes[orders].path"], result.Errors.Select(e => e.Path).Order());
        Assert.Equal(0, _pending.Count("alice"));
        Assert.Equal("api", _pending.State("alice").Document.Routes.Single(r => r.Id == "orders").Cluster);
    }

    [Fact]
    public async Task Stage_AnOperationThatCannotApply_IsRefused()
    {
        await _harness.SeedSampleAsync();

        var result = _pending.Stage(Alice, [ConfigOperation.Delete(EntityKind.Cluster, "api")]);

        Assert.Equal(StageStatus.Invalid, result.Status);
        Assert.NotEmpty(result.Errors);
        Assert.Equal(0, _pending.Count("alice"));
    }

    [Fact]
    public void NewErrors_AreOnlyThoseTheEditIntroduced()
    {
        var before = new Gateway.Core.Validation.ValidationError[] { new("routes[a].cluster", "Missing.") };
        var after = new Gateway.Core.Validation.ValidationError[] { new("routes[a].cluster", "Missing."), new("routes[b].path", "Bad.") };

        Assert.Equal(["routes[b].path"], PendingChanges.NewErrors(before, after).Select(e => e.Path));
    }

    [Fact]
    public async Task Commit_WritesOneRevisionByThePerson_AndClosesTheirTransaction()
    {
        var revision = await _harness.SeedSampleAsync();
        _pending.Stage(Alice, [ConfigOperation.Create(new ClusterConfig { Id = "new" })]);
        _pending.Stage(Alice, [ConfigOperation.Update(StoreHarness.Sample.Routes[2] with { Cluster = "new" })]);

        var result = await _pending.CommitAsync(Alice, "  move the site  ");

        Assert.Equal((CommitStatus.Committed, revision + 1), (result!.Status, result.Revision));
        Assert.Equal(("alice", "move the site"), (_harness.Store.History()[0].Author, _harness.Store.History()[0].Message));
        Assert.Equal("new", _harness.Live.Config.Routes.Single(r => r.Id == "site").Cluster);
        Assert.Null(_pending.Current("alice"));
    }

    [Fact]
    public async Task Commit_AfterSomeoneElseCommitted_IsAConflict_KeepsTheStagedChanges_AndRebaseThenCommits()
    {
        var revision = await _harness.SeedSampleAsync();
        _pending.Stage(Alice, [ConfigOperation.Create(new ClusterConfig { Id = "alices" })]);
        _pending.Stage(Bob, [ConfigOperation.Create(new ClusterConfig { Id = "bobs" })]);
        Assert.True((await _pending.CommitAsync(Bob, "bob first"))!.Succeeded);

        var conflict = await _pending.CommitAsync(Alice, "alice second");

        Assert.Equal((CommitStatus.Conflict, revision + 1), (conflict!.Status, conflict.Revision));
        Assert.True(_pending.State("alice").IsStale);
        Assert.Equal(1, _pending.Count("alice"));

        Assert.True(_pending.Rebase(Alice).Succeeded);
        var state = _pending.State("alice");
        Assert.Equal((revision + 1, false, 1), (state.BaseRevision, state.IsStale, state.Count));
        Assert.Contains(state.Document.Clusters, c => c.Id == "bobs");
        Assert.True((await _pending.CommitAsync(Alice, "alice second"))!.Succeeded);
        Assert.Equal(["alices", "api", "bobs", "site"], _harness.Live.Config.Clusters.Select(c => c.Id).Order());
    }

    [Fact]
    public async Task Rebase_LeavesOutAChangeToAnEntitySomeoneElseChanged_AndSaysWhy()
    {
        var revision = await _harness.SeedSampleAsync();
        _pending.Stage(Alice, [ConfigOperation.Create(new ClusterConfig { Id = "same" })]);
        _pending.Stage(Bob, [ConfigOperation.Create(new ClusterConfig { Id = "same", LoadBalancing = "random" })]);
        await _pending.CommitAsync(Bob, "bob first");

        var rebase = _pending.Rebase(Alice);

        Assert.True(rebase.Succeeded);
        var skipped = Assert.Single(rebase.Plan!.Skipped);
        Assert.Equal("same", skipped.Operation.Id);
        Assert.False(string.IsNullOrWhiteSpace(skipped.Reason));
        Assert.Equal(0, _pending.Count("alice"));
        Assert.Equal("random", _harness.Store.Read().Document.Clusters.Single(c => c.Id == "same").LoadBalancing);
        Assert.Equal(revision + 1, _harness.Store.Read().Revision);
    }

    [Fact]
    public async Task Rebase_WhoseResultWouldBeInvalid_ChangesNothing_AndSaysWhy()
    {
        await _harness.SeedSampleAsync();
        _pending.Stage(Alice, [ConfigOperation.Create(new RouteConfig { Id = "extra", Cluster = "site", Path = "/extra" })]);
        _pending.Stage(Bob, [ConfigOperation.Delete(EntityKind.Route, "site"), ConfigOperation.Delete(EntityKind.Cluster, "site")]);
        await _pending.CommitAsync(Bob, "bob removes the site");
        var before = _pending.Current("alice");

        var rebase = _pending.Rebase(Alice);

        Assert.Equal(StageStatus.Invalid, rebase.Status);
        Assert.Contains(rebase.Errors, e => e.Path == "routes[extra].cluster");
        Assert.Same(before, _pending.Current("alice"));
    }

    [Fact]
    public async Task Rebase_OntoARevisionThatIsNoLongerTheLatest_ChangesNothing()
    {
        var revision = await _harness.SeedSampleAsync();
        _pending.Stage(Alice, [ConfigOperation.Create(new ClusterConfig { Id = "same" })]);
        _pending.Stage(Bob, [ConfigOperation.Create(new ClusterConfig { Id = "same", LoadBalancing = "random" })]);
        await _pending.CommitAsync(Bob, "bob first");
        _pending.Stage(Bob, [ConfigOperation.Create(new ClusterConfig { Id = "later" })]);
        await _pending.CommitAsync(Bob, "bob again, after alice looked");
        var before = _pending.Current("alice");

        var rebase = _pending.Rebase(Alice, onto: revision + 1);

        Assert.Equal(StageStatus.Invalid, rebase.Status);
        Assert.Contains($"Revision {revision + 2} was committed", Assert.Single(rebase.Errors).Message, StringComparison.Ordinal);
        Assert.Same(before, _pending.Current("alice"));
        Assert.True(_pending.Rebase(Alice, onto: revision + 2).Succeeded);
    }

    [Fact]
    public async Task Discard_DropsTheStagedChanges_AndStoresNothing()
    {
        var revision = await _harness.SeedSampleAsync();
        _pending.Stage(Alice, [ConfigOperation.Create(new ClusterConfig { Id = "new" })]);

        Assert.True(_pending.Discard("alice"));
        Assert.False(_pending.Discard("alice"));
        Assert.Equal(0, _pending.Count("alice"));
        Assert.Equal(revision, _harness.Store.Read().Revision);
    }

    [Fact]
    public async Task StagedChanges_LeftAloneLongerThanTheTimeout_AreDropped()
    {
        await _harness.SeedSampleAsync();
        _pending.Stage(Alice, [ConfigOperation.Create(new ClusterConfig { Id = "new" })]);

        _clock.Advance(TimeSpan.FromMinutes(16));

        Assert.Null(_pending.Current("alice"));
        Assert.Equal(0, _pending.State("alice").Count);
    }

    public void Dispose() => _harness.Dispose();

    private static System.Security.Claims.ClaimsPrincipal Person(string name, AdminRole role) =>
        AdminUiAuthentication.Principal(new AdminUser(1, name, role, DateTimeOffset.UnixEpoch));
}
