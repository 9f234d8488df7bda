namespace Gateway.Core.Rules.Matching;

/// <summary>How a sample is compared with an ACL's patterns.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "HAProxy's names for the match methods.")]
public enum MatchMethod
{
    Found,
    Bool,
    Int,
    Ip,
    Str,
    Beg,
    End,
    Sub,
    Reg,
    Dir,
    Dom,
    Len,
}
