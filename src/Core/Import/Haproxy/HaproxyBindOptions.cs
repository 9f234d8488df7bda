namespace Gateway.Core.Import.Haproxy;

/// <summary>The bind options the importer converts, and the values that follow some of them.</summary>
internal static class HaproxyBindOptions
{
    /// <summary>Whether the word at <paramref name="index"/> is a converted option or the value of one.</summary>
    public static bool Converted(IReadOnlyList<string> words, int index) =>
        words[index] is "ssl" or "crt" or "accept-proxy" or "strict-sni" or "alpn" ||
        words[index - 1] is "crt" or "alpn";
}
