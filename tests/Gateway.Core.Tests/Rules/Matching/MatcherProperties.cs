using System.Globalization;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Gateway.Core.Rules.Matching;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Tests.Rules.Matching;

/// <summary>Compiled matchers agree with <see cref="ReferenceMatcher"/> on random patterns and values.</summary>
public class MatcherProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(400);

    /// <summary>Few letters, so patterns often match; delimiters for dir and dom; letters whose case folding is unusual (µ Μ μ, K k and the Kelvin sign, ſ s S).</summary>
    private const string Letters = "aAbB/.?-éÉµΜμKk\u212Aſs";

    public sealed record TextCase(MatchMethod Method, bool IgnoreCase, string[] Patterns, string[] Lines, bool List);

    public sealed record IntCase(bool Length, IntPattern[] Patterns, string Value);

    public sealed record IpCase(IpPattern[] Patterns, string Client);

    private static Gen<string> Word(string alphabet, int max) =>
        from length in Gen.Choose(0, max)
        from chars in Gen.Elements(alphabet.ToCharArray()).ArrayOf(length)
        select new string(chars);

    private static Gen<string> FlipCase(string text) =>
        from flips in Gen.Elements(true, false).ArrayOf(text.Length)
        select string.Concat(text.Select((c, i) => !flips[i] ? c : char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)));

    private static Gen<string> Near(string[] patterns) =>
        from pattern in Gen.Elements(patterns)
        from flipped in FlipCase(pattern)
        from before in Word(Letters + ", ", 3)
        from after in Word(Letters + ", ", 3)
        from which in Gen.Choose(0, 3)
        select which switch { 0 => flipped, 1 => before + flipped, 2 => flipped + after, _ => before + flipped + after };

    private static Gen<TextCase> TextCases { get; } =
        from method in Gen.Elements(MatchMethod.Str, MatchMethod.Beg, MatchMethod.End, MatchMethod.Sub, MatchMethod.Dir, MatchMethod.Dom)
        from ignoreCase in Gen.Elements(true, false)
        from count in Gen.Choose(1, 3)
        from patterns in Word(Letters, 4).ArrayOf(count)
        from list in Gen.Elements(true, false)
        from lineCount in Gen.Choose(1, list ? 2 : 1)
        from lines in Gen.OneOf(Word(Letters + ", ", 8), Near(patterns)).ArrayOf(lineCount)
        select new TextCase(method, ignoreCase, patterns, lines, list);

    private static Gen<IntPattern> IntPatterns(long min, long max) =>
        from kind in Gen.Elements("N", "N:M", "N:", ":M", "eq", "ge", "gt", "le", "lt")
        from n in Gen.Frequency((9, Gen.Choose((int)min, (int)max).Select(i => (long)i)), (1, Gen.Elements(long.MinValue, long.MaxValue)))
        from m in Gen.Choose((int)min, (int)max)
        select new IntPattern(kind, n, m);

    private static Gen<IntCase> IntCases { get; } =
        from length in Gen.Elements(true, false)
        from count in Gen.Choose(1, 3)
        from patterns in IntPatterns(length ? 0 : -6, 6).ArrayOf(count)
        from value in length
            ? Word("ab, ", 7)
            : Gen.OneOf(
                Gen.Choose(-8, 8).Select(i => i.ToString(CultureInfo.InvariantCulture)),
                Gen.Choose(-8, 8).Select(i => $" +{i} "),
                Gen.Elements("", "x", "1x", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "--1", "1.5"))
        select new IntCase(length, patterns, value);

    private static readonly string[] V4 = ["10.0.0.0", "10.1.2.3", "10.1.2.200", "192.0.2.10", "0.0.0.0", "255.255.255.255", "198.51.100.7"];

    private static readonly string[] V6 = ["2001:db8::", "2001:db8:1::5", "2001:db9::", "::", "::1", "::ffff:0:0", "fe80::1"];

    private static Gen<IpPattern> IpPatterns { get; } = Gen.OneOf(
        from address in Gen.Elements(V4)
        from length in Gen.Choose(0, 32)
        from form in Gen.Choose(0, 3)
        let bits = ReferenceMatcher.Bits(IPAddress.Parse(address))
        select form switch
        {
            0 => new IpPattern($"{address}/{length}", bits, 96 + length),
            1 => new IpPattern($"{address}/{DottedMask(length)}", bits, 96 + length),
            2 => new IpPattern($"::ffff:{address}/{96 + length}", bits, 96 + length),
            _ => new IpPattern(address, bits, 128),
        },
        from address in Gen.Elements(V6)
        from length in Gen.Choose(0, 128)
        from bare in Gen.Elements(true, false)
        select new IpPattern(bare ? address : $"{address}/{length}", ReferenceMatcher.Bits(IPAddress.Parse(address)), bare ? 128 : length));

    private static Gen<string> Clients { get; } = Gen.OneOf(
        Gen.Elements(V4),
        Gen.Elements(V6),
        Gen.Elements(V4).Select(a => "::ffff:" + a),
        from a in Gen.Choose(0, 255)
        from b in Gen.Choose(0, 3)
        select $"10.1.{b}.{a}");

    private static Gen<IpCase> IpCases { get; } =
        from count in Gen.Choose(1, 3)
        from patterns in IpPatterns.ArrayOf(count)
        from client in Clients
        select new IpCase(patterns, client);

    [Fact]
    public void TextMatchers_AgreeWithTheReference() =>
        Prop.ForAll(TextCases.ToArbitrary(), c =>
        {
            var fetch = c.List ? "hdr(x-v)" : "req.fhdr(x-v)";
            var criterion = $"{fetch} {(c.IgnoreCase ? "-i " : "")}-m {c.Method.ToString().ToLowerInvariant()} {Words(c.Patterns)}";
            var values = c.List ? ReferenceMatcher.ListValues(c.Lines) : c.Lines;
            var expected = values.Any(v => ReferenceMatcher.MatchesText(c.Method, c.IgnoreCase, c.Patterns, v));
            Assert.True(expected == Matches(criterion, c.Lines), $"{criterion} on [{string.Join(" | ", c.Lines)}]: expected {expected}");
        }).Check(Config);

    [Fact]
    public void IntAndLenMatchers_AgreeWithTheReference() =>
        Prop.ForAll(IntCases.ToArbitrary(), c =>
        {
            var criterion = $"req.fhdr(x-v) -m {(c.Length ? "len" : "int")} {Words(c.Patterns.SelectMany(p => p.Words))}";
            var expected = c.Length ? ReferenceMatcher.MatchesLength(c.Patterns, c.Value) : ReferenceMatcher.MatchesInteger(c.Patterns, c.Value);
            Assert.True(expected == Matches(criterion, [c.Value]), $"{criterion} on '{c.Value}': expected {expected}");
        }).Check(Config);

    [Fact]
    public void IpMatcher_AgreesWithTheReference() =>
        Prop.ForAll(IpCases.ToArbitrary(), c =>
        {
            var criterion = $"src {Words(c.Patterns.Select(p => p.Text))}";
            var client = IPAddress.Parse(c.Client);
            var expected = ReferenceMatcher.MatchesAddress(c.Patterns, client);
            var actual = RuleHarness.Matches(criterion, new TestExchange { ClientAddress = client });
            Assert.True(expected == actual, $"{criterion} on {c.Client}: expected {expected}");
        }).Check(Config);

    [Fact]
    public void StrMatch_ImpliesBegEndAndSubMatch() =>
        Prop.ForAll(TextCases.ToArbitrary(), c =>
        {
            // A value equal to a pattern begins with it, ends with it and contains it, with or without -i.
            var value = c.Lines[0];
            var exact = Matches($"req.fhdr(x-v) {(c.IgnoreCase ? "-i " : "")}-m str {Words(c.Patterns)}", [value]);
            foreach (var method in new[] { "beg", "end", "sub" })
            {
                Assert.True(!exact || Matches($"req.fhdr(x-v) {(c.IgnoreCase ? "-i " : "")}-m {method} {Words(c.Patterns)}", [value]), $"-m str matched '{value}' but -m {method} did not");
            }
        }).Check(Config);

    private static bool Matches(string criterion, IEnumerable<string> lines)
    {
        var exchange = new TestExchange();
        foreach (var line in lines)
        {
            exchange.RequestHeaders.AddValue("X-V", line);
        }

        var (outcome, _) = RuleHarness.Run($"http-request deny if {{ {criterion} }}", exchange);
        return outcome == RuleOutcome.Respond;
    }

    private static string Words(IEnumerable<string> words) => string.Join(' ', words.Select(RuleFormatter.Word));

    private static string DottedMask(int length)
    {
        var mask = length == 0 ? 0u : uint.MaxValue << (32 - length);
        return string.Join('.', new[] { mask >> 24, (mask >> 16) & 0xff, (mask >> 8) & 0xff, mask & 0xff }.Select(b => b.ToString(CultureInfo.InvariantCulture)));
    }
}
