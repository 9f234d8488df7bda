using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Core.Sources;

/// <summary>
/// Where configuration documents come from: appsettings.json, the admin store, or a host's own
/// code. The gateway loads once at start and again whenever the source signals a change.
/// </summary>
public interface IConfigSource
{
    /// <summary>Reads the current document. Errors are problems in the source itself (a malformed section or file).</summary>
    ConfigLoadResult Load();

    /// <summary>Calls <paramref name="onChange"/> whenever a new document may be available, until disposed.</summary>
    IDisposable Watch(Action onChange);
}

/// <summary>A document read from a source, or the reasons it could not be read.</summary>
/// <param name="Config">The document, or null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Problems in the source, with paths.</param>
/// <param name="Version">Names this document for logs and the status page, e.g. <c>appsettings #3</c> or <c>revision 12</c>.</param>
public sealed record ConfigLoadResult(GatewayConfig? Config, IReadOnlyList<ValidationError> Errors, string Version)
{
    public static ConfigLoadResult Success(GatewayConfig config, string version) => new(config, [], version);

    public static ConfigLoadResult Failure(IReadOnlyList<ValidationError> errors, string version) => new(null, errors, version);
}
