using System.Text;

namespace Gateway.Core.Rules.Runtime;

/// <summary>Text with <c>%[sample]</c> substitutions, e.g. <c>%[src]:%[src_port]</c>. A format without substitutions costs nothing to evaluate.</summary>
internal sealed class CompiledFormat
{
    private readonly object[] _parts;
    private readonly string? _constant;

    /// <param name="parts">Literal strings and <see cref="CompiledSample"/>s, in order.</param>
    internal CompiledFormat(IReadOnlyList<object> parts, string text)
    {
        _parts = [.. parts];
        Text = text;
        if (_parts.All(p => p is string))
        {
            _constant = string.Concat(_parts.Cast<string>());
        }
    }

    public string Text { get; }

    public string Evaluate(RuleSession session)
    {
        if (_constant is not null)
        {
            return _constant;
        }

        var result = new StringBuilder();
        foreach (var part in _parts)
        {
            if (part is string literal)
            {
                result.Append(literal);
            }
            else if (((CompiledSample)part).TryEvaluateLast(session, out var sample))
            {
                result.Append(sample.AsText().Span);
            }
        }

        return result.ToString();
    }
}
