using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Core.Import.Haproxy;

/// <summary>
/// Converts a HAProxy configuration into a gateway document: <c>frontend</c> and <c>listen</c> become
/// listeners, <c>backend</c> and <c>listen</c> clusters, their ACLs and rules the scopes' rules,
/// <c>defaults</c> apply to the sections after them. Every line that is not converted is reported with
/// its number and why; nothing is dropped silently.
/// </summary>
public static class HaproxyImporter
{
    public static HaproxyImportResult Import(string text, HaproxyImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new HaproxyImportOptions();
        var notes = new List<HaproxyImportNote>();
        var sections = HaproxySectionReader.Read(text, notes);
        var builder = new HaproxyDocumentBuilder(options, notes);
        builder.Build(sections);
        var document = builder.Document();
        var errors = ConfigValidator.Validate(document);
        return new HaproxyImportResult(document, [.. notes.OrderBy(n => n.Line)], errors) { Warnings = ConfigValidator.Warnings(document) };
    }
}
