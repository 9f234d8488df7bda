using System.Text;
using Gateway.Http1.Parsing;

namespace Gateway.Tests.Http1;

/// <summary>The parsers' small helpers for field values: optional whitespace and comma-separated lists.</summary>
public class HttpCharsTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("\t \t", "")]
    [InlineData("close", "close")]
    [InlineData(" \tkeep-alive \t", "keep-alive")]
    [InlineData("a b", "a b")]
    [InlineData(" a\tb ", "a\tb")]
    [InlineData("\r close \n", "\r close \n")] // only spaces and tabs are optional whitespace
    public void TrimOws_TakesSpacesAndTabsOffBothEnds_AndNothingElse(string value, string expected)
    {
        var bytes = Encoding.ASCII.GetBytes(value);

        Assert.Equal(expected, Encoding.ASCII.GetString(HttpChars.TrimOws(bytes)));
        Assert.Equal(bytes.AsSpan().Trim(" \t"u8).ToArray(), HttpChars.TrimOws(bytes).ToArray()); // as the span method trims
    }

    [Theory]
    [InlineData("close", "close", true)]
    [InlineData("Close", "close", true)]
    [InlineData(" CLOSE ", "close", true)]
    [InlineData("keep-alive", "close", false)]
    [InlineData("keep-alive, close", "close", true)]
    [InlineData("Upgrade,\tKeep-Alive", "keep-alive", true)]
    [InlineData("closed", "close", false)]
    [InlineData("close-ish, x", "close", false)]
    [InlineData(",, close ,", "close", true)]
    [InlineData("", "close", false)]
    [InlineData(",", "close", false)]
    public void ListHas_FindsAnElementInAnyCase_WholeOnly(string value, string option, bool expected) =>
        Assert.Equal(expected, HttpChars.ListHas(Encoding.ASCII.GetBytes(value), Encoding.ASCII.GetBytes(option)));
}
