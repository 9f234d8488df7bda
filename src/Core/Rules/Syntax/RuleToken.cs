namespace Gateway.Core.Rules.Syntax;

/// <summary>One word of a rule line after quotes and escapes are resolved.</summary>
/// <param name="Text">The word as the parser sees it.</param>
/// <param name="Column">1-based column of the word's first character in the line.</param>
/// <param name="Quoted">Quoted words are always literal: never a keyword, operator or flag.</param>
internal readonly record struct RuleToken(string Text, int Column, bool Quoted)
{
    public bool Is(string keyword) => !Quoted && Text == keyword;

    public override string ToString() => Quoted ? $"\"{Text}\"" : $"'{Text}'";
}
