using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Tests.Store;

namespace Gateway.Admin.Tests.Nodes;

/// <summary>
/// Admin-account writes on two nodes (two stores in this process on one real PostgreSQL database) at the same moment:
/// the checks that keep the store usable (never without an admin, one user per name) hold across nodes, as the
/// configuration's commits do, because account writes take the same kind of lock.
/// </summary>
public sealed class AccountWritesAcrossNodesTests
{
    private const int Rounds = 20;
    private const string Password = "a long enough password";

    [Fact]
    public async Task TwoNodesRemovingTheLastTwoAdminsAtOnce_AlwaysLeaveOne()
    {
        var settings = StoreHarness.PostgresSettings();
        using var a = StoreHarness.Create(settings: settings);
        using var b = StoreHarness.Create(settings: settings);
        var (nodeA, nodeB) = (a.Get<AdminAccounts>(), b.Get<AdminAccounts>());

        for (var round = 0; round < Rounds; round++)
        {
            var (x, y) = ($"x{round}", $"y{round}");
            Assert.True((await nodeA.CreateUserAsync(x, Password, AdminRole.Admin)).Succeeded);
            Assert.True((await nodeA.CreateUserAsync(y, Password, AdminRole.Admin)).Succeeded);
            foreach (var other in (await nodeA.UsersAsync()).Where(u => u.Name != x && u.Name != y))
            {
                Assert.True((await nodeA.DeleteUserKeepingAnAdminAsync(other.Name)).Succeeded);
            }

            // Only x and y are admins: node a deletes one (or demotes it) while node b does the other.
            var demote = round % 2 == 1;
            var results = await Task.WhenAll(
                Task.Run(() => demote ? nodeA.ChangeRoleAsync(x, AdminRole.Viewer) : nodeA.DeleteUserKeepingAnAdminAsync(x)),
                Task.Run(() => demote ? nodeB.ChangeRoleAsync(y, AdminRole.Viewer) : nodeB.DeleteUserKeepingAnAdminAsync(y)));

            Assert.Single(results, r => r.Succeeded);
            Assert.Contains("last admin", Assert.Single(results.Single(r => !r.Succeeded).Errors).Message, StringComparison.Ordinal);
            Assert.Single(await nodeB.UsersAsync(), u => u.Role == AdminRole.Admin);
        }
    }

    [Fact]
    public async Task TwoNodesCreatingTheSameUserAtOnce_OneGetsItAndTheOtherIsToldWhy()
    {
        var settings = StoreHarness.PostgresSettings();
        using var a = StoreHarness.Create(settings: settings);
        using var b = StoreHarness.Create(settings: settings);
        var (nodeA, nodeB) = (a.Get<AdminAccounts>(), b.Get<AdminAccounts>());

        for (var round = 0; round < Rounds; round++)
        {
            var name = $"twin{round}";
            var results = await Task.WhenAll(
                Task.Run(() => nodeA.CreateUserAsync(name, Password, AdminRole.Editor)),
                Task.Run(() => nodeB.CreateUserAsync(name, Password, AdminRole.Viewer)));

            Assert.Single(results, r => r.Succeeded);
            Assert.Equal($"A user named '{name}' already exists.", Assert.Single(results.Single(r => !r.Succeeded).Errors).Message);
        }

        Assert.Equal(Rounds, (await nodeA.UsersAsync()).Count(u => u.Name.StartsWith("twin", StringComparison.Ordinal)));
    }
}
