using Gateway.Listeners;

namespace Gateway.Tests.Listeners;

public class BindCycleTokenTests
{
    [Fact]
    public void Fire_RunsRegisteredCallbacksOnce_AndMarksChanged()
    {
        var token = new BindCycleToken();
        var calls = 0;
        token.RegisterChangeCallback(_ => calls++, null);

        token.Fire();
        token.Fire();

        Assert.True(token.HasChanged);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Register_CompletesWatched_AndAfterFireRunsTheCallbackAtOnce()
    {
        var token = new BindCycleToken();
        Assert.False(token.Watched.IsCompleted);
        token.Fire();
        var calls = 0;

        token.RegisterChangeCallback(_ => calls++, null);

        Assert.True(token.Watched.IsCompleted);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void DisposedRegistration_IsNotCalled()
    {
        var token = new BindCycleToken();
        var calls = 0;
        token.RegisterChangeCallback(_ => calls++, null).Dispose();

        token.Fire();

        Assert.Equal(0, calls);
    }
}
