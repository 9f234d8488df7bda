namespace Gateway.Core.Serialization;

/// <summary>The one spelling of a rules text that documents store, compare and export.</summary>
public static class RulesText
{
    /// <summary>
    /// Line ends (<c>\r\n</c>, <c>\r</c>) become <c>\n</c> and whitespace at the very end is dropped; text left empty means
    /// no rules (null). Without this, the same rules pasted from a Windows editor, or written as a
    /// YAML block with its final newline, would be a different document with different bytes.
    /// Whitespace inside the text is kept: it can be part of a rule, and rule errors point at
    /// lines and columns of the text as written.
    /// </summary>
    public static string? Normalize(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd();
        return normalized.Length == 0 ? null : normalized;
    }
}
