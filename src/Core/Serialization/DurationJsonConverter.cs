using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Core.Configuration;

namespace Gateway.Core.Serialization;

/// <summary>
/// A duration field of the JSON contract: a JSON number is seconds (<c>30</c>, <c>0.5</c>), a string is read by
/// <see cref="DurationText"/> later, with the field's path. Numbers are kept as their text here so that the one
/// grammar decides what they mean; written back, a duration is always the canonical string.
/// </summary>
/// <remarks>Every duration property of the <c>*Json</c> records carries this converter; a test checks that none is missed.</remarks>
internal sealed class DurationJsonConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        // A number token's bytes are ASCII digits, sign, point and exponent: its text is the number as written.
        JsonTokenType.Number => Encoding.ASCII.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray()),
        _ => throw new JsonFieldException($"A duration is {DurationText.Grammar}."),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>
/// A rules field of the JSON contract: one string, or an array of strings with one rule per line (as the README
/// says); an array is joined with line breaks. Written back, rules are always one string.
/// </summary>
internal sealed class RulesJsonConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonFieldException("Rules are a string, or an array of strings with one rule each.");
        }

        var lines = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonFieldException("Rules are a string, or an array of strings with one rule each.");
            }

            lines.Add(reader.GetString() ?? "");
        }

        return string.Join('\n', lines);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>A value of the wrong shape for its field, with a message already fit for a person.</summary>
internal sealed class JsonFieldException(string message) : JsonException(message);
