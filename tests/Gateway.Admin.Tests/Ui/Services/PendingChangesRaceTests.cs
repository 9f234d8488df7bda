using Gateway.Admin.Configuration;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Store.Certificates;
using Gateway.Admin.Tests.Store;
using Gateway.Admin.Transactions;
using Gateway.Admin.Ui.Security;
using Gateway.Admin.Ui.Services;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Gateway.Management;
using Gateway.Model;

namespace Gateway.Admin.Tests.Ui.Services;

/// <summary>
/// One person in two tabs: what the second tab stages while the first one's commit is being written is
/// neither committed nor lost; it stays pending, on the new revision.
/// </summary>
public sealed class PendingChangesRaceTests : IDisposable
{
    private static readonly System.Security.Claims.ClaimsPrincipal Alice =
        AdminUiAuthentication.Principal(new AdminUser(1, "alice", AdminRole.Editor, DateTimeOffset.UnixEpoch));

    private readonly StoreHarness _harness = StoreHarness.Create();
    private readonly GatedPublisher _publisher;
    private readonly ConfigStore _store;
    private readonly PendingChanges _pending;

    public PendingChangesRaceTests()
    {
        _publisher = new GatedPublisher(_harness.Get<IGatewaySnapshotPublisher>());
        _store = new ConfigStore(_harness.Get<GatewayDatabase>(), _publisher, TimeProvider.System, NullLogger<ConfigStore>.Instance, _harness.Get<CertificateKeyStore>());
        var transactions = new TransactionRegistry(new ManualTimeProvider(), Options.Create(new AdminOptions { TransactionTimeout = TimeSpan.FromMinutes(15) }));
        _pending = new PendingChanges(transactions, _store);
    }

    [Fact]
    public async Task StagingInAnotherTab_WhileACommitIsBeingWritten_KeepsTheNewEditPending()
    {
        await _harness.SeedSampleAsync();
        Assert.True(_pending.Stage(Alice, [ConfigOperation.Create(new ClusterConfig { Id = "first" })]).Succeeded);

        _publisher.Hold();
        var commit = _pending.CommitAsync(Alice, "first tab");
        await _publisher.Held.WaitAsync(TimeSpan.FromSeconds(10));
        var second = _pending.Stage(Alice, [ConfigOperation.Create(new ClusterConfig { Id = "second" })]);
        _publisher.Release();
        var committed = await commit.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(second.Succeeded);
        Assert.True(committed!.Succeeded, string.Join("; ", committed.Errors));
        Assert.Contains(_store.Read().Document.Clusters, c => c.Id == "first");
        Assert.DoesNotContain(_store.Read().Document.Clusters, c => c.Id == "second");
        var state = _pending.State("alice");
        Assert.Equal((committed.Revision, 1, false), (state.BaseRevision, state.Count, state.IsStale));
        Assert.Contains(state.Document.Clusters, c => c.Id == "second");
        var next = await _pending.CommitAsync(Alice, "second tab");
        Assert.True(next!.Succeeded, string.Join("; ", next.Errors));
        Assert.Contains(_store.Read().Document.Clusters, c => c.Id == "second");
    }

    public void Dispose() => _harness.Dispose();

    /// <summary>
    /// The real publisher, but the next build after <see cref="Hold"/> (the commit's) is held at its start until the test
    /// releases it; later builds (staging checks the edit with one) go through.
    /// </summary>
    private sealed class GatedPublisher(IGatewaySnapshotPublisher inner) : IGatewaySnapshotPublisher
    {
        private TaskCompletionSource? _gate;
        private int _armed;
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Held => _held.Task;

        public void Hold()
        {
            _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _armed = 1;
        }

        public void Release() => _gate?.TrySetResult();

        public async ValueTask<SnapshotBuildResult> BuildAsync(GatewayConfig config, string version, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1 && _gate is { } gate)
            {
                _held.TrySetResult();
                await gate.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            }

            return await inner.BuildAsync(config, version, cancellationToken);
        }

        public void Publish(GatewaySnapshot snapshot) => inner.Publish(snapshot);
    }
}
