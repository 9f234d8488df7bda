using System.Globalization;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;

namespace Gateway.Core.Import.Haproxy;

/// <summary>
/// The ACL and rule lines of one proxy, kept as written (our language is HAProxy's), then compiled:
/// a line we refuse is dropped and reported with the compiler's reason, and the rest compiled again
/// (a dropped ACL takes the rules that use it along, each reported).
/// </summary>
internal sealed class HaproxyRules(List<HaproxyImportNote> notes, HaproxyMaps maps, bool frontend)
{
    private readonly List<HaproxyLine> _lines = [];
    private readonly List<string> _texts = [];
    private string? _compiled;
    private bool _done;

    /// <summary>Takes the line when it is an ACL or a rule; false otherwise.</summary>
    public bool TryAdd(HaproxyLine line)
    {
        string? text = line.Keyword switch
        {
            "acl" or "http-request" or "http-response" => line.Text,
            "tcp-request" when line.Words.ElementAtOrDefault(1) == "connection" => line.Text,
            "use_backend" when frontend => line.Text,
            // The older frontend keyword: 'redirect …' is 'http-request redirect …'.
            "redirect" when frontend => "http-request " + line.Text,
            _ => null,
        };

        if (text is null)
        {
            return false;
        }

        _lines.Add(line);
        _texts.Add(maps.Rewrite(text, line));
        return true;
    }

    public string? Compile(RuleScopeKind kind, string id, IReadOnlyList<string> clusters, IReadOnlyList<MapConfig> mapConfigs)
    {
        if (_done)
        {
            return _compiled;
        }

        _done = true;
        var kept = Enumerable.Range(0, _lines.Count).ToList();
        var context = new RuleCompileContext(mapConfigs, clusters);
        for (var attempt = 0; attempt <= _lines.Count && kept.Count > 0; attempt++)
        {
            var text = string.Join('\n', kept.Select(i => _texts[i]));
            var result = RuleCompiler.Compile(text, new RuleScope(kind, id), context);
            if (result.Diagnostics.Count == 0)
            {
                _compiled = text;
                return text;
            }

            var dropped = new HashSet<int>();
            foreach (var diagnostic in result.Diagnostics)
            {
                var index = kept[diagnostic.Line - 1];
                if (dropped.Add(index))
                {
                    var line = _lines[index];
                    notes.Add(new(line.Number, line.Text, string.Create(CultureInfo.InvariantCulture, $"Refused by the rule compiler: {diagnostic.Message}")));
                }
            }

            kept = [.. kept.Where(i => !dropped.Contains(i))];
        }

        return null;
    }
}
