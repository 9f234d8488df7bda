using System.Diagnostics.CodeAnalysis;
using Gateway.Core.Sources;
using Microsoft.Extensions.Configuration;
using Gateway.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Gateway.ConfigSources;

namespace Microsoft.Extensions.DependencyInjection;

public static class GatewayBuilderExtensions
{
    /// <summary>Reads the configuration document from <paramref name="section"/> and follows its reloads.</summary>
    public static IGatewayBuilder LoadFromConfiguration(this IGatewayBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.LoadFrom(new ConfigurationConfigSource(section));
    }

    /// <summary>Uses <paramref name="source"/> as the only source of configuration documents.</summary>
    public static IGatewayBuilder LoadFrom(this IGatewayBuilder builder, IConfigSource source)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton(source));
        return builder;
    }

    /// <summary>Uses the <typeparamref name="TSource"/> service as the only source of configuration documents.</summary>
    public static IGatewayBuilder LoadFrom<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSource>(this IGatewayBuilder builder)
        where TSource : class, IConfigSource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TSource>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IConfigSource>(sp => sp.GetRequiredService<TSource>()));
        return builder;
    }
}
