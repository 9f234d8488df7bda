using Gateway.Backends;
using Gateway.Core.Configuration;

namespace Gateway.Tests.Backends;

public class RetryRulesTests
{
    private static AttemptResult Result(ForwardFailure failure, int status = 502, bool started = false) => new(failure, status, started, "x", TimeSpan.Zero);

    [Theory]
    // failure, method, body replayable, retries so far, expected
    [InlineData("ConnectFailed", "POST", false, 0, true)]
    [InlineData("ConnectTimeout", "PATCH", false, 2, true)]
    [InlineData("ConnectFailed", "GET", true, 3, false)] // all three retries used
    [InlineData("NoResponse", "GET", true, 0, true)]
    [InlineData("NoResponse", "PUT", false, 0, false)] // its body was not kept
    [InlineData("NoResponse", "POST", true, 0, false)] // not idempotent
    [InlineData("ResponseTimeout", "DELETE", true, 0, true)]
    [InlineData("ResponseTimeout", "post", true, 0, false)]
    [InlineData("Client", "GET", true, 0, false)]
    [InlineData("Other", "GET", true, 0, false)]
    [InlineData("None", "GET", true, 0, false)] // 502 is not a retry status by default
    public void Decides_AsDocumented(string failure, string method, bool replayable, int retries, bool expected) =>
        Assert.Equal(expected, RetryRules.MayRetry(RetryConfig.Default, Result(Enum.Parse<ForwardFailure>(failure)), method, replayable, retries));

    [Fact]
    public void RetryStatuses_OnlyForIdempotentRequests_BeforeTheResponseStarted()
    {
        var retry = new RetryConfig { OnStatuses = [503] };
        Assert.True(RetryRules.MayRetry(retry, Result(ForwardFailure.None, 503), "GET", true, 0));
        Assert.False(RetryRules.MayRetry(retry, Result(ForwardFailure.None, 503), "POST", true, 0));
        Assert.False(RetryRules.MayRetry(retry, Result(ForwardFailure.None, 500), "GET", true, 0));
        Assert.False(RetryRules.MayRetry(retry, Result(ForwardFailure.None, 503, started: true), "GET", true, 0));
    }

    [Fact]
    public void NonIdempotentOptIn_AllowsPostAfterNoResponse_AndZeroRetriesAllowsNothing()
    {
        Assert.True(RetryRules.MayRetry(new RetryConfig { NonIdempotent = true }, Result(ForwardFailure.NoResponse), "POST", true, 0));
        Assert.False(RetryRules.MayRetry(new RetryConfig { Count = 0 }, Result(ForwardFailure.ConnectFailed), "GET", true, 0));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 20)]
    [InlineData(3, 80)]
    [InlineData(10, 300)] // capped at the maximum
    public void EjectionTime_DoublesUpToTheMaximum(int previous, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Gateway.Health.PassiveHealthTable.EjectionTime(PassiveHealthConfig.Default, previous));
}
