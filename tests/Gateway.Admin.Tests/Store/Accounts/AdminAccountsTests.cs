using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Tests.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Tests.Store.Accounts;

public sealed class AdminAccountsTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero));
    private readonly GatewayDatabase _database;
    private readonly AdminAccounts _accounts;

    public AdminAccountsTests()
    {
        _database = new GatewayDatabase(Options.Create(new DatabaseOptions()), new TestHostEnvironment(_root.Path));
        _accounts = new AdminAccounts(_database, _time);
    }

    [Fact]
    public async Task CreateUser_StoresAHashNotThePassword_AndVerifies()
    {
        var created = await _accounts.CreateUserAsync("alice", "correct horse battery", AdminRole.Admin);

        Assert.True(created.Succeeded);
        Assert.Equal(("alice", AdminRole.Admin), (created.Value!.Name, created.Value.Role));
        Assert.Equal("alice", (await _accounts.VerifyPasswordAsync("ALICE", "correct horse battery"))?.Name);
        Assert.Null(await _accounts.VerifyPasswordAsync("alice", "wrong password!!"));
        Assert.Null(await _accounts.VerifyPasswordAsync("nobody", "correct horse battery"));
        Assert.DoesNotContain("correct horse battery", DatabaseText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUser_BadInput_ReportsEveryProblem()
    {
        await _accounts.CreateUserAsync("alice", "correct horse battery", AdminRole.Viewer);

        var bad = await _accounts.CreateUserAsync("bad name", "short", AdminRole.Viewer);
        var duplicate = await _accounts.CreateUserAsync("Alice", "another long password", AdminRole.Viewer);

        Assert.Equal(["users[bad name].name", "users[bad name].password"], bad.Errors.Select(e => e.Path));
        Assert.Equal("A user named 'Alice' already exists.", Assert.Single(duplicate.Errors).Message);
        Assert.Equal([("alice", AdminRole.Viewer)], (await _accounts.UsersAsync()).Select(u => (u.Name, u.Role)));
    }

    [Fact]
    public async Task Token_IsShownOnce_StoredHashed_AndAuthenticatesItsOwner()
    {
        await _accounts.CreateUserAsync("ci", "a long enough password", AdminRole.Editor);

        var created = await _accounts.CreateTokenAsync("ci", "deploy pipeline", AdminRole.Editor, expires: null);
        var identity = await _accounts.AuthenticateAsync(created.Value!.Token);

        Assert.StartsWith("gw_", created.Value.Token, StringComparison.Ordinal);
        Assert.Equal(("ci", AdminRole.Editor), (identity!.Owner, identity.Role));
        Assert.DoesNotContain(created.Value.Token, DatabaseText(), StringComparison.Ordinal);
        Assert.StartsWith(created.Value.Info.Prefix, created.Value.Token, StringComparison.Ordinal);
        Assert.Null(await _accounts.AuthenticateAsync(created.Value.Token + "x"));
        Assert.Null(await _accounts.AuthenticateAsync("not a token"));
    }

    [Fact]
    public async Task Token_CannotOutrankItsOwner_OrExpireInThePast()
    {
        await _accounts.CreateUserAsync("viewer", "a long enough password", AdminRole.Viewer);

        var result = await _accounts.CreateTokenAsync("viewer", "t", AdminRole.Admin, _time.GetUtcNow().AddMinutes(-1));
        var noOwner = await _accounts.CreateTokenAsync("ghost", "t", AdminRole.Viewer, null);

        Assert.Equal(["tokens[t].role", "tokens[t].expires"], result.Errors.Select(e => e.Path));
        Assert.Equal("There is no user named 'ghost'.", Assert.Single(noOwner.Errors).Message);
    }

    [Fact]
    public async Task Token_Expired_OrRevoked_NoLongerAuthenticates()
    {
        await _accounts.CreateUserAsync("ops", "a long enough password", AdminRole.Admin);
        var expiring = (await _accounts.CreateTokenAsync("ops", "short-lived", AdminRole.Viewer, _time.GetUtcNow().AddHours(1))).Value!;
        var revoked = (await _accounts.CreateTokenAsync("ops", "to revoke", AdminRole.Viewer, null)).Value!;

        Assert.NotNull(await _accounts.AuthenticateAsync(expiring.Token));
        _time.Advance(TimeSpan.FromHours(2));
        Assert.True(await _accounts.RevokeTokenAsync(revoked.Info.Id));

        Assert.Null(await _accounts.AuthenticateAsync(expiring.Token));
        Assert.Null(await _accounts.AuthenticateAsync(revoked.Token));
        Assert.False(await _accounts.RevokeTokenAsync(revoked.Info.Id));
        Assert.NotNull((await _accounts.TokensAsync()).Single(t => t.Id == revoked.Info.Id).RevokedUtc);
    }

    [Fact]
    public async Task CheckToken_SaysWhyATokenIsRefused()
    {
        await _accounts.CreateUserAsync("ops", "a long enough password", AdminRole.Admin);
        var expiring = (await _accounts.CreateTokenAsync("ops", "short-lived", AdminRole.Viewer, _time.GetUtcNow().AddHours(1))).Value!;
        var revoked = (await _accounts.CreateTokenAsync("ops", "to revoke", AdminRole.Viewer, null)).Value!;
        await _accounts.RevokeTokenAsync(revoked.Info.Id);
        _time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(TokenRejection.Expired, (await _accounts.CheckTokenAsync(expiring.Token)).Rejection);
        Assert.Equal(TokenRejection.Revoked, (await _accounts.CheckTokenAsync(revoked.Token)).Rejection);
        Assert.Equal(TokenRejection.Unknown, (await _accounts.CheckTokenAsync("gw_nothing")).Rejection);
        Assert.Equal(TokenRejection.Unknown, (await _accounts.CheckTokenAsync("no prefix")).Rejection);
    }

    [Fact]
    public async Task PresetToken_IsStoredHashed_AndMustLookLikeAGeneratedOne()
    {
        const string Preset = "gw_preset-token-from-configuration-0123456789";
        await _accounts.CreateUserAsync("admin", "a long enough password", AdminRole.Admin);

        var accepted = await _accounts.CreateTokenAsync("admin", "bootstrap", AdminRole.Admin, null, Preset);
        var tooShort = await _accounts.CreateTokenAsync("admin", "short", AdminRole.Admin, null, "gw_short");
        var noPrefix = await _accounts.CreateTokenAsync("admin", "plain", AdminRole.Admin, null, new string('a', 40));
        var badCharacters = await _accounts.CreateTokenAsync("admin", "odd", AdminRole.Admin, null, "gw_" + new string('a', 31) + "+");

        Assert.Equal(Preset, accepted.Value!.Token);
        Assert.Equal("admin", (await _accounts.AuthenticateAsync(Preset))!.Owner);
        Assert.DoesNotContain(Preset, DatabaseText(), StringComparison.Ordinal);
        Assert.All([tooShort, noPrefix, badCharacters], r => Assert.EndsWith(".token", Assert.Single(r.Errors).Path, StringComparison.Ordinal));
        Assert.True(await _accounts.HasUsersAsync());
    }

    [Fact]
    public async Task DeleteUser_DeletesTheirTokens()
    {
        await _accounts.CreateUserAsync("temp", "a long enough password", AdminRole.Editor);
        var token = (await _accounts.CreateTokenAsync("temp", "t", AdminRole.Editor, null)).Value!;

        Assert.True(await _accounts.DeleteUserAsync("temp"));

        Assert.Null(await _accounts.AuthenticateAsync(token.Token));
        Assert.Empty(await _accounts.TokensAsync());
        Assert.False(await _accounts.DeleteUserAsync("temp"));
    }

    [Fact]
    public async Task DeleteUserKeepingAnAdmin_RefusesTheLastAdmin_AndDeletesAnyoneElse()
    {
        await _accounts.CreateUserAsync("root", "a long enough password", AdminRole.Admin);
        await _accounts.CreateUserAsync("second", "a long enough password", AdminRole.Admin);
        await _accounts.CreateUserAsync("viewer", "a long enough password", AdminRole.Viewer);

        Assert.Equal("viewer", (await _accounts.DeleteUserKeepingAnAdminAsync("VIEWER")).Value?.Name);
        Assert.True((await _accounts.DeleteUserKeepingAnAdminAsync("second")).Succeeded);
        var refused = await _accounts.DeleteUserKeepingAnAdminAsync("root");
        var missing = await _accounts.DeleteUserKeepingAnAdminAsync("nobody");

        Assert.Equal("users[root]", Assert.Single(refused.Errors).Path);
        Assert.Contains("last admin", refused.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("no user named 'nobody'", Assert.Single(missing.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(["root"], (await _accounts.UsersAsync()).Select(u => u.Name));
    }

    [Fact]
    public async Task ChangeRole_ChangesIt_AndLowersTokensThatWouldOutrankTheUser()
    {
        await _accounts.CreateUserAsync("root", "correct horse battery", AdminRole.Admin);
        await _accounts.CreateUserAsync("alice", "correct horse battery", AdminRole.Admin);
        var adminToken = await _accounts.CreateTokenAsync("alice", "deploy", AdminRole.Admin, null);
        var viewerToken = await _accounts.CreateTokenAsync("alice", "dashboards", AdminRole.Viewer, null);

        var changed = await _accounts.ChangeRoleAsync("ALICE", AdminRole.Editor);

        Assert.Equal(("alice", AdminRole.Editor), (changed.Value!.Name, changed.Value.Role));
        Assert.Equal(AdminRole.Editor, (await _accounts.FindUserAsync("alice"))!.Role);
        Assert.Equal(AdminRole.Editor, (await _accounts.AuthenticateAsync(adminToken.Value!.Token))!.Role);
        Assert.Equal(AdminRole.Viewer, (await _accounts.AuthenticateAsync(viewerToken.Value!.Token))!.Role);
    }

    [Fact]
    public async Task ChangeRole_OfTheLastAdmin_IsRefused_AndOfAnotherAdminIsNot()
    {
        await _accounts.CreateUserAsync("root", "correct horse battery", AdminRole.Admin);

        var refused = await _accounts.ChangeRoleAsync("root", AdminRole.Viewer);

        Assert.False(refused.Succeeded);
        Assert.Equal("users[root].role", Assert.Single(refused.Errors).Path);
        Assert.Equal(AdminRole.Admin, (await _accounts.FindUserAsync("root"))!.Role);
        Assert.True((await _accounts.ChangeRoleAsync("root", AdminRole.Admin)).Succeeded);

        await _accounts.CreateUserAsync("second", "correct horse battery", AdminRole.Viewer);
        Assert.True((await _accounts.ChangeRoleAsync("second", AdminRole.Admin)).Succeeded);
        Assert.True((await _accounts.ChangeRoleAsync("root", AdminRole.Viewer)).Succeeded);
        Assert.False((await _accounts.ChangeRoleAsync("second", AdminRole.Editor)).Succeeded);
    }

    [Fact]
    public async Task ChangeRole_OfNobody_IsAnError()
    {
        var missing = await _accounts.ChangeRoleAsync("nobody", AdminRole.Editor);

        Assert.Equal("users[nobody]", Assert.Single(missing.Errors).Path);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    /// <summary>Every text value in the database, to prove secrets are not among them.</summary>
    private string DatabaseText()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name || ' ' || password_hash FROM admin_users UNION ALL SELECT name || ' ' || hash || ' ' || prefix FROM api_tokens;";
        using var reader = command.ExecuteReader();
        var text = new System.Text.StringBuilder();
        while (reader.Read())
        {
            text.AppendLine(reader.GetString(0));
        }

        return text.ToString();
    }

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
