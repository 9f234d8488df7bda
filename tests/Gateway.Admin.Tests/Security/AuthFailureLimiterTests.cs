using System.Net;
using Gateway.Admin.Configuration;
using Gateway.Admin.Security;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Tests.Security;

/// <summary>The lock-out policy: failures count per (address, user) for sign-in and per address for tokens.</summary>
public class AuthFailureLimiterTests
{
    private static readonly IPAddress Client = IPAddress.Parse("127.0.0.7");

    [Fact]
    public void TokenFailures_LockTokens_NotSignIn()
    {
        using var limiter = Limiter();
        for (var i = 0; i < 5; i++)
        {
            limiter.RecordTokenFailure(Client);
        }

        Assert.True(limiter.IsTokenLockedOut(Client));
        Assert.True(limiter.MaySignIn(Client, "admin"));
    }

    [Fact]
    public void SignInFailuresOfOneUser_LockThatUserFromThatAddress_Only()
    {
        using var limiter = Limiter();
        for (var i = 0; i < 5; i++)
        {
            limiter.RecordSignInFailure(Client, "mallory");
        }

        Assert.False(limiter.MaySignIn(Client, "mallory"));
        Assert.False(limiter.MaySignIn(Client, "MALLORY"));
        Assert.True(limiter.MaySignIn(Client, "admin"));
        Assert.True(limiter.MaySignIn(IPAddress.Parse("127.0.0.8"), "mallory"));
        Assert.False(limiter.IsTokenLockedOut(Client));
    }

    [Fact]
    public void AddressOverItsLimit_StillChecksANameThatHasNotFailed_OnceInTheWindow()
    {
        using var limiter = Limiter();
        // 20 failures over four names: the address is over its limit, each of those names has used its five.
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            for (var i = 0; i < 5; i++)
            {
                limiter.RecordSignInFailure(Client, name);
            }
        }

        Assert.True(limiter.MaySignIn(Client, "admin"));
        limiter.RecordSignInFailure(Client, "admin");
        Assert.False(limiter.MaySignIn(Client, "admin"));
        Assert.True(limiter.MaySignIn(Client, "editor"));
    }

    private static AuthFailureLimiter Limiter() =>
        new(Options.Create(new AdminOptions { AuthFailureLimit = 5, AuthFailureAddressLimit = 20, AuthFailureWindow = TimeSpan.FromMinutes(10) }));
}
