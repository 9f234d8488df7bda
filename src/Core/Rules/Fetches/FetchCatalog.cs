using System.Collections.Frozen;
using System.Globalization;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using static Gateway.Core.Rules.Primitives.PhaseSet;

namespace Gateway.Core.Rules.Fetches;

/// <summary>
/// The fetches rules can read. Later features (stick-table counters) add theirs with
/// <see cref="With"/>, which returns a new catalog, so a compiled snapshot never sees a change.
/// </summary>
public sealed class FetchCatalog
{
    /// <summary>HAProxy's names for the PROXY protocol v2 TLV types (the SSL_* ones are sub-TLVs of the SSL TLV).</summary>
    private static readonly FrozenDictionary<string, int> ProxyTlvNames = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["ALPN"] = 0x01, ["AUTHORITY"] = 0x02, ["CRC32C"] = 0x03, ["NOOP"] = 0x04, ["UNIQUE_ID"] = 0x05, ["SSL"] = 0x20,
        ["SSL_VERSION"] = 0x21, ["SSL_CN"] = 0x22, ["SSL_CIPHER"] = 0x23, ["SSL_SIG_ALG"] = 0x24, ["SSL_KEY_ALG"] = 0x25, ["NETNS"] = 0x30,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, FetchDefinition> _fetches;
    private readonly FrozenDictionary<string, string> _aliases;

    private FetchCatalog(IEnumerable<FetchDefinition> fetches, IReadOnlyDictionary<string, string> aliases)
    {
        _fetches = fetches.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
        _aliases = aliases.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static FetchCatalog Default { get; } = new(Builtins(), new Dictionary<string, string>
    {
        ["req.hdr"] = "hdr",
        ["req.hdr_cnt"] = "hdr_cnt",
        ["fhdr"] = "req.fhdr",
        ["cook"] = "req.cook",
        ["urlp"] = "url_param",
        ["res.fhdr"] = "res.fhdr",
        ["shdr"] = "res.hdr",
        ["cook_cnt"] = "req.cook_cnt",
    });

    public IEnumerable<string> Names => _fetches.Keys;

    public FetchCatalog With(FetchDefinition fetch) => new(_fetches.Values.Where(f => f.Name != fetch.Name).Append(fetch), _aliases);

    /// <summary>Finds a fetch by its name or one of HAProxy's alternative names (<c>req.hdr</c>, <c>cook</c>, <c>urlp</c>).</summary>
    public bool TryGet(string name, out FetchDefinition fetch)
    {
        if (_aliases.TryGetValue(name, out var canonical))
        {
            name = canonical;
        }

        return _fetches.TryGetValue(name, out fetch!);
    }

    private static IEnumerable<FetchDefinition> Builtins()
    {
        yield return Single("always_true", SampleType.Boolean, All, _ => Sample.FromBoolean(true));
        yield return Single("always_false", SampleType.Boolean, All, _ => Sample.FromBoolean(false));
        yield return Single("src", SampleType.Address, All, s => s.Exchange.ClientAddress is { } a ? Sample.FromAddress(a) : null);
        yield return Single("src_port", SampleType.Number, All, s => Sample.FromNumber(s.Exchange.ClientPort));
        yield return Single("dst", SampleType.Address, All, s => s.Exchange.LocalAddress is { } a ? Sample.FromAddress(a) : null);
        yield return Single("dst_port", SampleType.Number, All, s => Sample.FromNumber(s.Exchange.LocalPort));
        yield return Single("ssl_fc", SampleType.Boolean, Http, s => Sample.FromBoolean(s.Exchange.IsTls));
        yield return Single("ssl_fc_sni", SampleType.Text, Http, s => s.Exchange.ServerName is { } n ? Sample.FromText(n) : null);
        yield return Single("method", SampleType.Text, Http, s => Sample.FromText(s.Exchange.Method));
        yield return Single("path", SampleType.Text, Http, s => Sample.FromText(s.Exchange.Path));
        yield return Single("query", SampleType.Text, Http, s => s.Exchange.HasQuery ? Sample.FromText(s.Exchange.Query) : null);
        yield return Single("url", SampleType.Text, Http, s => Sample.FromText(Url(s.Exchange)));
        yield return Single("base", SampleType.Text, Http, s => HeaderValues.TryGetHost(s.Exchange.RequestHeaders, out var h) ? Sample.FromText(string.Concat(h.Span, s.Exchange.Path)) : null);
        yield return Single("host", SampleType.Text, Http, s => HeaderValues.TryGetHost(s.Exchange.RequestHeaders, out var h) ? Sample.FromText(h) : null);
        yield return Single("req.ver", SampleType.Text, Http, s => Sample.FromText(s.Exchange.HttpVersion));
        yield return Single("fc_pp_authority", SampleType.Text, All, s => s.Exchange.ProxyTlv(0x02) is { } v ? Sample.FromText(v) : null);
        yield return Single("fc_pp_unique_id", SampleType.Text, All, s => s.Exchange.ProxyTlv(0x05) is { } v ? Sample.FromText(v) : null);
        yield return Single("fc_pp_ssl", SampleType.Boolean, All, s => s.Exchange.ProxyClientUsedTls is { } tls ? Sample.FromBoolean(tls) : null);
        yield return new("fc_pp_tlv", 1, 1, SampleType.Text, All, false, args =>
        {
            var type = ParseTlvType(args[0]);
            return (RuleSession s, int i, out Sample v) =>
            {
                var value = i == 0 ? s.Exchange.ProxyTlv(type) : null;
                v = value is null ? default : Sample.FromText(value);
                return value is not null;
            };
        });
        yield return Single("status", SampleType.Number, Response, s => Sample.FromNumber(s.Exchange.StatusCode));

        yield return new("url_param", 1, 1, SampleType.Text, Http, true, args => (RuleSession s, int i, out Sample v) =>
            Found(HeaderValues.TryGetQueryParameter(s.Exchange.Query, args[0], i, out var m), m, out v))
        {
            FirstWhereOneValue = true,
        };
        yield return new("req.cook", 1, 1, SampleType.Text, Http, true, args => (RuleSession s, int i, out Sample v) =>
            Found(HeaderValues.TryGetCookie(s.Exchange.RequestHeaders, args[0], i, out var m), m, out v));
        yield return new("var", 1, 1, SampleType.Text, All, false, args => (RuleSession s, int i, out Sample v) =>
        {
            v = default;
            return i == 0 && s.TryGetVariable(args[0], out v);
        });

        foreach (var fetch in ConstantAndCountFetches.All())
        {
            yield return fetch;
        }

        foreach (var fetch in HeaderFetches("hdr", "req.fhdr", "hdr_cnt", Http, s => s.Exchange.RequestHeaders))
        {
            yield return fetch;
        }

        foreach (var fetch in HeaderFetches("res.hdr", "res.fhdr", "res.hdr_cnt", Response, s => s.Exchange.ResponseHeaders))
        {
            yield return fetch;
        }

        foreach (var fetch in StickFetches.All())
        {
            yield return fetch;
        }
    }

    private static IEnumerable<FetchDefinition> HeaderFetches(string list, string full, string count, PhaseSet phases, Func<RuleSession, IRuleHeaders> headers)
    {
        // hdr(name) splits values at commas and, given an occurrence, reads only that one
        // (1 = first, -1 = last), as HAProxy does; fhdr keeps each field line whole.
        yield return new(list, 1, 2, SampleType.Text, phases, true, args =>
        {
            var name = args[0];
            if (args.Count == 1)
            {
                return (RuleSession s, int i, out Sample v) => Found(HeaderValues.TryGetListValue(headers(s), name, i, out var m), m, out v);
            }

            var occurrence = int.Parse(args[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return (RuleSession s, int i, out Sample v) =>
            {
                var h = headers(s);
                var position = occurrence > 0 ? occurrence - 1 : HeaderValues.CountListValues(h, name) + occurrence;
                v = default;
                return i == 0 && position >= 0 && Found(HeaderValues.TryGetListValue(h, name, position, out var m), m, out v);
            };
        });
        yield return new(full, 1, 1, SampleType.Text, phases, true, args => (RuleSession s, int i, out Sample v) =>
        {
            var h = headers(s);
            v = default;
            if (i >= h.Count(args[0]))
            {
                return false;
            }

            v = Sample.FromText(h.GetValue(args[0], i));
            return true;
        });
        yield return new(count, 1, 1, SampleType.Number, phases, false, args => (RuleSession s, int i, out Sample v) =>
        {
            v = Sample.FromNumber(HeaderValues.CountListValues(headers(s), args[0]));
            return i == 0;
        });
    }

    private static FetchDefinition Single(string name, SampleType type, PhaseSet phases, Func<RuleSession, Sample?> read) =>
        new(name, 0, 0, type, phases, false, _ => (RuleSession s, int i, out Sample v) =>
        {
            var value = i == 0 ? read(s) : null;
            v = value.GetValueOrDefault();
            return value.HasValue;
        });

    private static bool Found(bool found, ReadOnlyMemory<char> text, out Sample sample)
    {
        sample = found ? Sample.FromText(text) : default;
        return found;
    }

    private static string Url(IRuleExchange exchange) =>
        !exchange.HasQuery ? exchange.Path : string.Concat(exchange.Path, "?", exchange.Query.Span);

    /// <summary>A TLV type as a number, decimal or <c>0x</c> hexadecimal, 0 to 255; -1 when it is not one.</summary>
    private static int ParseTlvType(string text)
    {
        if (ProxyTlvNames.TryGetValue(text, out var named))
        {
            return named;
        }

        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        return int.TryParse(hex ? text.AsSpan(2) : text, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var type) && type <= 255
            ? type
            : -1;
    }

    /// <summary>Checks a fetch's arguments beyond their number.</summary>
    /// <exception cref="RuleCompileException">An argument is not valid.</exception>
    /// <param name="text">The call as written, for the error when an argument is empty.</param>
    internal static void CheckArguments(FetchDefinition fetch, ValueList<string> args, SourcePosition position, string text)
    {
        if (ConstantAndCountFetches.CheckArguments(fetch, args, position))
        {
            return;
        }

        if (fetch.Name is "hdr" or "res.hdr" && args.Count == 2 &&
            (!int.TryParse(args[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var occurrence) || occurrence == 0))
        {
            throw new RuleCompileException($"The occurrence of {fetch.Name}() must be a non-zero integer (1 is the first, -1 the last); found '{args[1]}'.", position, args[1], "a non-zero integer");
        }

        if (fetch.Name == "fc_pp_tlv" && ParseTlvType(args[0]) < 0)
        {
            throw new RuleCompileException($"fc_pp_tlv() takes a TLV type from 0 to 255 (e.g. 0x01) or a name ({string.Join(", ", ProxyTlvNames.Keys.Order(StringComparer.Ordinal))}); found '{args[0]}'.", position, args[0], "a TLV type or name");
        }

        if (fetch.Name == "var" && !Variables.IsValidName(args[0]))
        {
            throw new RuleCompileException(Variables.NameRule(args[0]), position, args[0], Variables.Expected);
        }

        if (args.Any(string.IsNullOrEmpty))
        {
            throw new RuleCompileException($"{fetch.Name}() needs a non-empty argument.", position, text, "a non-empty argument");
        }
    }
}
