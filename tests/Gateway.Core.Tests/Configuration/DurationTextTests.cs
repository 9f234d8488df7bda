using System.Reflection;
using System.Text.Json.Serialization;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;

namespace Gateway.Core.Tests.Configuration;

public class DurationTextTests
{
    [Theory]
    [InlineData("30", 30_000)]
    [InlineData("1.5", 1_500)]
    [InlineData(" 10s ", 10_000)]
    [InlineData("500ms", 500)]
    [InlineData("5m", 300_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("1m40s", 100_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("00:01:40", 100_000)]
    [InlineData("00:00:00.250", 250)]
    [InlineData("1.00:00:00", 86_400_000)]
    [InlineData("30:00:00", 108_000_000)]
    [InlineData("00:00:00.5000000", 500)]
    public void TryParse_TheOneGrammar(string text, long milliseconds)
    {
        Assert.True(DurationText.TryParse(text, out var value, out var error), error);

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("5 seconds")]
    [InlineData("10x")]
    [InlineData("00:61:00")]
    [InlineData("1:30")]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("10s5")]
    public void TryParse_NotADuration_SaysHowToWriteOne(string text)
    {
        Assert.False(DurationText.TryParse(text, out _, out var error));

        Assert.Contains("500ms, 10s", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-5", "negative")]
    [InlineData("9999999999d", "too long")]
    [InlineData("999999999999", "too long")]
    public void TryParse_OutOfRange_SaysWhy(string text, string reason)
    {
        Assert.False(DurationText.TryParse(text, out _, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30_000, "00:00:30")]
    [InlineData(100_000, "00:01:40")]
    [InlineData(500, "00:00:00.5000000")]
    [InlineData(86_400_000 + 3_600_000, "1.01:00:00")]
    public void Format_IsTheClockEveryStoredRevisionHolds_AndReadsBack(long milliseconds, string text)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);

        Assert.Equal(text, DurationText.Format(value));
        Assert.True(DurationText.TryParse(text, out var back, out _));
        Assert.Equal(value, back);
    }

    [Theory]
    [InlineData(30L * 86_400_000, "30 days")]
    [InlineData(100_000, "1 minute 40 seconds")]
    [InlineData(500, "500 ms")]
    [InlineData(1_500, "1.5 seconds")]
    public void Describe_SaysWhatWasUnderstood(long milliseconds, string words) =>
        Assert.Equal(words, DurationText.Describe(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Validation_AValueAbsurdForTheField_SaysWhatWasUnderstood_AndGuessesTheIntent()
    {
        var config = new GatewayConfig { Clusters = [new() { Id = "app", ActivityTimeout = TimeSpan.FromDays(30) }] };

        var error = Assert.Single(ConfigValidator.Validate(config), e => e.Path == "clusters[app].activityTimeout");

        Assert.Contains("found 30 days — did you mean 30s?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_TarpitOfTwoHours_GuessesSeconds()
    {
        var config = new GatewayConfig { Listeners = [new() { Id = "web", Address = "127.0.0.1:80", TarpitTimeout = TimeSpan.FromHours(2) }] };

        var error = Assert.Single(ConfigValidator.Validate(config), e => e.Path == "listeners[web].tarpitTimeout");

        Assert.Contains("found 2 hours — did you mean 2s?", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("\"30\"", 30)]
    [InlineData("\"30s\"", 30)]
    [InlineData("0.5", 0.5)]
    [InlineData("\"00:00:30\"", 30)]
    public void CanonicalJson_ReadsEveryFormOfADuration_AndWritesTheClock(string written, double seconds)
    {
        var json = $$"""{ "clusters": [ { "id": "c", "activityTimeout": {{written}}, "healthCheck": { "path": "/h", "interval": {{written}} } } ] }""";

        Assert.True(CanonicalJson.TryParse(json, out var config, out var errors), string.Join("; ", errors));

        Assert.Equal(TimeSpan.FromSeconds(seconds), config!.Clusters[0].ActivityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(seconds), config.Clusters[0].HealthCheck!.Interval);
        Assert.Contains($"\"activityTimeout\": \"{DurationText.Format(TimeSpan.FromSeconds(seconds))}\"", CanonicalJson.Serialize(config), StringComparison.Ordinal);
    }

    [Fact]
    public void CanonicalJson_RulesAsAnArrayOfLines_ReadAsOneText()
    {
        const string Json = """{ "routes": [ { "id": "r", "cluster": "c", "rules": [ "acl a path /a", "http-request deny if a" ] } ] }""";

        Assert.True(CanonicalJson.TryParse(Json, out var config, out var errors), string.Join("; ", errors));

        Assert.Equal("acl a path /a\nhttp-request deny if a", config!.Routes[0].Rules);
    }

    /// <summary>
    /// Every duration field of the JSON contract reads the one grammar only if it carries the converter: a field added
    /// later without it would answer 400 to a number. Durations are the string fields named like one.
    /// </summary>
    [Fact]
    public void EveryDurationFieldOfTheJsonContract_TakesNumbers()
    {
        var missing = typeof(DocumentJson).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(DocumentJson).Namespace && t.Name.EndsWith("Json", StringComparison.Ordinal))
            .SelectMany(t => t.GetProperties().Select(p => (Type: t, Property: p)))
            .Where(x => x.Property.PropertyType == typeof(string)
                && (x.Property.Name.EndsWith("Timeout", StringComparison.Ordinal) || x.Property.Name.EndsWith("Interval", StringComparison.Ordinal)
                    || x.Property.Name.EndsWith("Delay", StringComparison.Ordinal) || x.Property.Name.EndsWith("Expiry", StringComparison.Ordinal)
                    || x.Property.Name.EndsWith("Expire", StringComparison.Ordinal) || x.Property.Name.EndsWith("Period", StringComparison.Ordinal)))
            .Where(x => x.Property.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType?.Name != "DurationJsonConverter")
            .Select(x => $"{x.Type.Name}.{x.Property.Name}")
            .ToList();

        Assert.Empty(missing);
    }
}
