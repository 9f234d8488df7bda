using System.Text.Json.Serialization;

namespace Gateway.Core.Rules.Compilation;

/// <summary>Serializes strings for the <c>json</c> converter without reflection.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class RuleJsonContext : JsonSerializerContext;
