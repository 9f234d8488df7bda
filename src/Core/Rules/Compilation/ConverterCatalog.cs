using System.Buffers.Text;
using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Gateway.Core.Rules.Matching;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Rules.Compilation;

/// <summary>A converter: its name, how many arguments it takes, and how to build it from them.</summary>
internal sealed record ConverterDefinition(string Name, int MinArgs, int MaxArgs, Func<ValueList<string>, RuleCompileContext, ConverterFunction> Create);

/// <summary>The converters a sample expression can chain after its fetch.</summary>
internal static class ConverterCatalog
{
    private static readonly FrozenDictionary<string, ConverterDefinition> Converters = Builtins().ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Names => Converters.Keys;

    public static bool TryGet(string name, out ConverterDefinition converter) => Converters.TryGetValue(name, out converter!);

    private static IEnumerable<ConverterDefinition> Builtins()
    {
        yield return Text("lower", s => s.Span.ContainsAnyInRange('A', 'Z') ? s.ToString().ToLowerInvariant() : null);
        yield return Text("upper", s => s.Span.ContainsAnyInRange('a', 'z') ? s.ToString().ToUpperInvariant() : null);
        yield return Text("base64", s => Convert.ToBase64String(Encoding.UTF8.GetBytes(s.ToString())));
        yield return new("b64dec", 0, 0, (_, _) => (RuleSession _, ref Sample v) =>
        {
            var decoded = TryDecodeBase64(v.AsText().Span);
            v = decoded is null ? v : Sample.FromText(decoded);
            return decoded is not null;
        });
        yield return new("url_dec", 0, 1, (args, _) => UrlDecode(args));
        yield return Text("url_enc", s => Uri.EscapeDataString(s.ToString()));
        yield return new("length", 0, 0, (_, _) => (RuleSession _, ref Sample v) =>
        {
            v = Sample.FromNumber(v.AsText().Length);
            return true;
        });
        yield return new("json", 0, 1, (args, _) =>
        {
            if (args.Count == 1 && args[0] is not ("ascii" or "utf8" or "utf8s" or "utf8p" or "utf8ps"))
            {
                throw new RuleCompileException($"json() takes ascii, utf8, utf8s, utf8p or utf8ps; found '{args[0]}'.", found: args[0], expected: "ascii, utf8, utf8s, utf8p or utf8ps");
            }

            return (RuleSession _, ref Sample v) =>
            {
                var quoted = JsonSerializer.Serialize(v.AsText().ToString(), RuleJsonContext.Default.String);
                v = Sample.FromText(quoted.AsMemory(1, quoted.Length - 2));
                return true;
            };
        });
        yield return new("ipmask", 1, 2, (args, _) => IpMask(args));
        yield return new("regsub", 2, 3, (args, _) =>
        {
            var flags = args.Count == 3 ? args[2] : "";
            if (flags.Trim('i', 'g').Length > 0)
            {
                throw new RuleCompileException($"regsub() flags are i (ignore case) and g (every match); found '{flags}'.", found: flags, expected: "i, g or both");
            }

            var regex = RuleRegex.Create(args[0], flags.Contains('i', StringComparison.Ordinal));
            var replacement = RuleRegex.Replacement(args[1]);
            var global = flags.Contains('g', StringComparison.Ordinal);
            return (RuleSession _, ref Sample v) =>
            {
                var replaced = RuleRegex.Replace(regex, v.AsText().ToString(), replacement, global);
                v = replaced is null ? v : Sample.FromText(replaced);
                return replaced is not null;
            };
        });

        foreach (var method in MapTable.Methods)
        {
            yield return new(method, 1, 2, (args, context) =>
            {
                var table = context.Map(args[0], method);
                var fallback = args.Count == 2 ? args[1] : null;
                return (RuleSession s, ref Sample v) =>
                {
                    if (table.TryLookup(s, v, out var found))
                    {
                        v = Sample.FromText(found);
                        return true;
                    }

                    v = fallback is null ? v : Sample.FromText(fallback);
                    return fallback is not null;
                };
            });
        }
    }

    /// <summary>A text converter; the transform returns null when the value is unchanged.</summary>
    private static ConverterDefinition Text(string name, Func<ReadOnlyMemory<char>, string?> transform) =>
        new(name, 0, 0, (_, _) => (RuleSession _, ref Sample v) =>
        {
            var text = v.AsText();
            var result = transform(text);
            v = result is null ? Sample.FromText(text) : Sample.FromText(result);
            return true;
        });

    /// <summary>The decoded text, or null when the input is not base64 (the conversion fails, as in HAProxy).</summary>
    /// <summary>
    /// Percent-decoding; '+' becomes a space after a '?' (a query string), or everywhere when the
    /// argument says the text is a form (a non-zero integer), as HAProxy's url_dec does.
    /// </summary>
    private static ConverterFunction UrlDecode(ValueList<string> args)
    {
        var inForm = args.Count == 1 && (int.TryParse(args[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var flag)
            ? flag != 0
            : throw new RuleCompileException($"url_dec() takes an integer (non-zero: the text is a form, so '+' is a space); found '{args[0]}'."));
        return (RuleSession _, ref Sample v) =>
        {
            var text = v.AsText().ToString();
            var formFrom = inForm ? 0 : text.IndexOf('?', StringComparison.Ordinal);
            if (formFrom >= 0)
            {
                text = string.Concat(text.AsSpan(0, formFrom), text[formFrom..].Replace('+', ' '));
            }

            v = Sample.FromText(text.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(text) : text);
            return true;
        };
    }

    private static string? TryDecodeBase64(ReadOnlySpan<char> text)
    {
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        return Convert.TryFromBase64Chars(text, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }

    private static ConverterFunction IpMask(ValueList<string> args)
    {
        var v4 = MaskLength(args[0], 32);
        var v6 = args.Count == 2 ? MaskLength(args[1], 128) : 128;
        return (RuleSession _, ref Sample v) =>
        {
            if (!v.TryGetAddress(out var address))
            {
                return false;
            }

            var mapped = address!.IsIPv4MappedToIPv6;
            IPAddress masked = address.AddressFamily == AddressFamily.InterNetwork || mapped
                ? CidrTable.FromUInt32(CidrTable.Mask(mapped ? (uint)CidrTable.ToUInt128(address) : CidrTable.ToUInt32(address), v4))
                : CidrTable.FromUInt128(CidrTable.Mask(CidrTable.ToUInt128(address), v6));
            v = Sample.FromAddress(masked);
            return true;
        };
    }

    private static int MaskLength(string text, int max)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && bits <= max)
        {
            return bits;
        }

        if (max == 32 && CidrTable.TryParseNetwork("0.0.0.0/" + text, out var network))
        {
            return network.PrefixLength;
        }

        var expected = $"a prefix length from 0 to {max}" + (max == 32 ? " or a dotted mask" : "");
        throw new RuleCompileException($"ipmask() takes {expected}; found '{text}'.", found: text, expected: expected);
    }
}
