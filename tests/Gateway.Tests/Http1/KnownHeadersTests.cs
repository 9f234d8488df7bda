using System.Text;
using Gateway.Http1.Parsing;

namespace Gateway.Tests.Http1;

/// <summary>Common header names are found in any case and given back interned; anything else is not a known name.</summary>
public class KnownHeadersTests
{
    private static readonly string[] Common =
    [
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Upgrade", "Expect", "Keep-Alive", "Proxy-Connection", "TE", "Trailer",
        "Accept", "Accept-Encoding", "Accept-Language", "User-Agent", "Cookie", "Content-Type", "Date", "Server",
        "Cache-Control", "Authorization", "Referer", "Origin", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
        "Set-Cookie", "Location", "Vary", "ETag", "Last-Modified",
    ];

    [Fact]
    public void EveryCommonName_IsFoundInAnyCase_AsTheSameString()
    {
        foreach (var name in Common)
        {
            var found = KnownHeaders.Name(Encoding.ASCII.GetBytes(name));
            Assert.Equal(name, found);
            Assert.Same(found, KnownHeaders.Name(Encoding.ASCII.GetBytes(name.ToUpperInvariant())));
            Assert.Same(found, KnownHeaders.Name(Encoding.ASCII.GetBytes(name.ToLowerInvariant())));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("X")]
    [InlineData("Hosts")]
    [InlineData("Hos")]
    [InlineData("Gost")] // same length as Host, another letter
    [InlineData("!ost")] // a token byte that is not a letter shares a letter's bucket
    [InlineData("hOst ")]
    [InlineData("Content-Lengtx")]
    [InlineData("X-Forwarded-Forwarded-For-Something-Much-Longer-Than-Any-Known")]
    [InlineData("Ťost")]
    public void OtherNames_AreNotKnown(string name) =>
        Assert.Null(KnownHeaders.Name(Encoding.Latin1.GetBytes(name)));

    [Fact]
    public void ACommonNameWithOneLetterChanged_IsNotKnown()
    {
        // Every common name with one letter changed is no longer known (the bucket has no false positive).
        foreach (var name in Common)
        {
            for (var i = 0; i < name.Length; i++)
            {
                if (!char.IsAsciiLetter(name[i]))
                {
                    continue;
                }

                var changed = name.ToCharArray();
                changed[i] = name[i] is 'q' or 'Q' ? 'z' : 'q';
                var text = new string(changed);
                if (!Common.Contains(text, StringComparer.OrdinalIgnoreCase))
                {
                    Assert.Null(KnownHeaders.Name(Encoding.ASCII.GetBytes(text)));
                }
            }
        }
    }
}
