using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;

namespace Gateway.Admin.Ui.Services.RulesEditor;

/// <summary>
/// What the rules editor shows for one text: the check, its problems and the status line that counts them. The
/// page builds it the same way on first load (from the stored text) and after a post (from the text sent).
/// </summary>
internal sealed record RuleEditorView(string? Text, RuleCheckResult Check)
{
    public IReadOnlyList<RuleProblem> Problems => Check.Problems;

    /// <summary>The status line, worded as wwwroot/rules-editor.js words it after checking while typing.</summary>
    public string Status => Check.IsValid
        ? $"No problems: {Check.AclCount} {(Check.AclCount == 1 ? "ACL" : "ACLs")}, {Check.RuleCount} {(Check.RuleCount == 1 ? "rule" : "rules")}."
        : $"{Check.Problems.Count} {(Check.Problems.Count == 1 ? "problem" : "problems")}.";

    /// <summary><paramref name="text"/> checked against <paramref name="document"/> as the rules of the scope.</summary>
    public static RuleEditorView For(GatewayConfig document, RuleScopeKind kind, string id, string? text) =>
        new(text, RuleEditorCheck.Check(document, kind, id, text));

    /// <summary>The scope's rules as <paramref name="document"/> holds them, checked.</summary>
    public static RuleEditorView Stored(GatewayConfig document, RuleScopeKind kind, string id) =>
        For(document, kind, id, RuleEditorCheck.TextOf(document, kind, id));
}
