using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Hosting;

/// <summary>Returned by <c>AddGateway</c>; extension methods choose the config source and add plug-ins.</summary>
public interface IGatewayBuilder
{
    IServiceCollection Services { get; }
}

internal sealed class GatewayBuilder(IServiceCollection services) : IGatewayBuilder
{
    public IServiceCollection Services { get; } = services;
}
