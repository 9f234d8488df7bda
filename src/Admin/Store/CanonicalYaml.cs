using System.Globalization;
using System.Text.Json.Nodes;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gateway.Admin.Store;

/// <summary>
/// The document in YAML: the same tree as <see cref="CanonicalJson"/>, written deterministically
/// (strings double-quoted, so "8080" stays a string and "yes" is not a boolean; text of several
/// lines, such as rules, as a literal block that reads like the text itself). Import goes through
/// the JSON parser, so the same strictness and the same error paths apply.
/// </summary>
internal static class CanonicalYaml
{
    public static string Serialize(GatewayConfig config)
    {
        var json = JsonNode.Parse(CanonicalJson.Serialize(config))!;
        var stream = new YamlStream(new YamlDocument(ToYaml(json)));
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlDotNet ends every document with an explicit "..." marker; a single document needs none.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    public static bool TryParse(string yaml, out GatewayConfig? config, out IReadOnlyList<ValidationError> errors)
    {
        config = null;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            errors = [new("$", $"Malformed YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}")];
            return false;
        }

        if (stream.Documents.Count != 1)
        {
            errors = [new("$", $"Expected one YAML document; found {stream.Documents.Count}.")];
            return false;
        }

        return CanonicalJson.TryParse(ToJson(stream.Documents[0].RootNode)?.ToJsonString() ?? "null", out config, out errors);
    }

    private static YamlNode ToYaml(JsonNode? node) => node switch
    {
        JsonObject obj => new YamlMappingNode(obj.Select(p => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(p.Key), ToYaml(p.Value)))),
        JsonArray array => new YamlSequenceNode(array.Select(ToYaml)),
        JsonValue value when value.TryGetValue<string>(out var text) => new YamlScalarNode(text) { Style = StringStyle(text) },
        JsonValue value => new YamlScalarNode(value.ToJsonString()) { Style = ScalarStyle.Plain },
        _ => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
    };

    /// <summary>
    /// A literal block for text with line breaks. A carriage return would be read back as a line
    /// break, so such text stays double-quoted; YamlDotNet itself falls back to double quotes for
    /// text a literal block cannot hold, such as control characters.
    /// </summary>
    private static ScalarStyle StringStyle(string text) =>
        text.Contains('\n', StringComparison.Ordinal) && !text.Contains('\r', StringComparison.Ordinal) ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted;

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(p => new KeyValuePair<string, JsonNode?>(((YamlScalarNode)p.Key).Value ?? "", ToJson(p.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted or ScalarStyle.Literal or ScalarStyle.Folded } quoted => JsonValue.Create(quoted.Value ?? ""),
        YamlScalarNode plain => Plain(plain.Value),
        _ => null,
    };

    /// <summary>A plain scalar: null, a boolean, a whole number, or else text.</summary>
    private static JsonValue? Plain(string? text) => text switch
    {
        null or "" or "~" or "null" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ => JsonValue.Create(text),
    };
}
