using Gateway.Tests.Common;

namespace Gateway.Tests.Http;

/// <summary>Two echo backends, "a" and "b", shared by the rule integration tests.</summary>
public sealed class BackendPair : IAsyncLifetime
{
    public BackendServer A { get; private set; } = null!;

    public BackendServer B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        A = await BackendServer.StartAsync("a");
        B = await BackendServer.StartAsync("b");
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
