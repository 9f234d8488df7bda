namespace Gateway.Core.Rules.Primitives;

/// <summary>Variable names: a scope (<c>txn</c>, <c>req</c>, <c>res</c> or <c>sess</c>), a dot, then letters, digits, <c>_</c> or <c>.</c>.</summary>
/// <remarks>Every scope lives as long as the HTTP transaction here; HAProxy's <c>sess</c> would outlive it on a keep-alive connection.</remarks>
internal static class Variables
{
    private static readonly string[] Scopes = ["txn.", "req.", "res.", "sess."];
    private static readonly System.Buffers.SearchValues<char> NameCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.");

    public static bool IsValidName(string name)
    {
        var scope = Array.Find(Scopes, s => name.StartsWith(s, StringComparison.Ordinal));
        return scope is not null && name.Length > scope.Length &&
            name.AsSpan(scope.Length).IndexOfAnyExcept(NameCharacters) < 0;
    }

    public const string Expected = "a variable name such as txn.user";

    public static string NameRule(string name) =>
        $"'{name}' is not a variable name; write a scope (txn, req, res or sess), a dot and a name, e.g. txn.user.";
}
