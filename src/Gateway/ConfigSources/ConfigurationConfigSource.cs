using Gateway.Core.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Gateway.ConfigSources;

/// <summary>
/// A config source over a section of ASP.NET Core configuration (normally <c>Gateway</c> in
/// appsettings.json, with environment variables and command-line arguments on top). Follows
/// the configuration's reload token, so editing appsettings.json applies without a restart.
/// Relative certificate file paths start at <paramref name="baseDirectory"/> (normally the content
/// root), or at the current directory when it is null.
/// </summary>
public sealed class ConfigurationConfigSource(IConfigurationSection section, string? baseDirectory = null) : IConfigSource
{
    private int _loads;

    public ConfigLoadResult Load()
    {
        var version = $"{section.Path} #{Interlocked.Increment(ref _loads)}";
        var (config, errors) = ConfigurationSectionReader.Read(section, baseDirectory);
        return config is null ? ConfigLoadResult.Failure(errors, version) : ConfigLoadResult.Success(config, version);
    }

    public IDisposable Watch(Action onChange) => ChangeToken.OnChange(section.GetReloadToken, onChange);
}
