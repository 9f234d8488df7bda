using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;

namespace Gateway.Core.Validation;

/// <summary>
/// Checks a whole document and reports every problem at once, each with the path of the field
/// at fault. A document with errors is never stored or applied.
/// </summary>
public static class ConfigValidator
{
    public static IReadOnlyList<ValidationError> Validate(GatewayConfig config) => Validate(config, out _);

    /// <summary>Validates, and hands back the compiled rules so a snapshot need not compile them again.</summary>
    public static IReadOnlyList<ValidationError> Validate(GatewayConfig config, out DocumentRules rules)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new ValidationErrors();

        var listenerIds = IdRules.Check(config.Listeners, l => l.Id, "listeners", "listener", errors);
        IdRules.Check(config.Routes, r => r.Id, "routes", "route", errors);
        var clusterIds = IdRules.Check(config.Clusters, c => c.Id, "clusters", "cluster", errors);

        ListenerValidator.Validate(config.Listeners, errors);
        var certificateIds = CertificateValidator.Validate(config.Certificates, errors);
        CertificateValidator.ValidateListeners(config.Listeners, certificateIds, errors);
        RouteValidator.Validate(config.Routes, listenerIds, clusterIds, errors);
        ClusterValidator.Validate(config.Clusters, errors);
        MapValidator.Validate(config.Maps, errors);
        StickTableValidator.Validate(config.StickTables, errors);
        rules = DocumentRules.Compile(config, (path, diagnostic) => errors.Collector.Add(new ValidationError(path, diagnostic.ToString(), diagnostic.Line, diagnostic.Column)));
        ListenerModeValidator.Validate(config, clusterIds, rules, errors);
        return errors.Items;
    }

    /// <summary>
    /// What loads but deserves a look, as HAProxy warns about it: an ACL without patterns, an empty
    /// condition, an http-request rule written after a use_backend line. Warnings never block a commit.
    /// </summary>
    public static IReadOnlyList<ValidationError> Warnings(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var warnings = new List<ValidationError>();
        DocumentRules.Compile(config, (_, _) => { }, warn: (path, diagnostic) => warnings.Add(new ValidationError(path, diagnostic.ToString(), diagnostic.Line, diagnostic.Column)));
        return warnings;
    }
}
