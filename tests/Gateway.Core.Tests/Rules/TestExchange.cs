using System.Net;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Tests.Rules;

/// <summary>An in-memory request and response for rule tests.</summary>
public sealed class TestExchange : IRuleExchange
{
    private string _query = "";

    public TestExchange(string method = "GET", string url = "/", params (string Name, string Value)[] headers)
    {
        Method = method;
        var question = url.IndexOf('?', StringComparison.Ordinal);
        Path = question < 0 ? url : url[..question];
        _query = question < 0 ? "" : url[(question + 1)..];
        foreach (var (name, value) in headers)
        {
            RequestHeaders.AddValue(name, value);
        }
    }

    public IPAddress? ClientAddress { get; set; } = IPAddress.Parse("192.0.2.10");

    public int ClientPort { get; set; } = 40000;

    public IPAddress? LocalAddress { get; set; } = IPAddress.Parse("127.0.0.1");

    public int LocalPort { get; set; } = 8080;

    public bool IsTls { get; set; }

    public string? ServerName { get; set; }

    public string Scheme { get; set; } = "http";

    public string HttpVersion { get; set; } = "1.1";

    public string Method { get; set; }

    public string Path { get; set; }

    public ReadOnlyMemory<char> Query => _query.AsMemory();

    public string QueryText => _query;

    public void SetQuery(string query) => _query = query;

    public TestHeaders RequestHeaders { get; } = new();

    IRuleHeaders IRuleExchange.RequestHeaders => RequestHeaders;

    public int StatusCode { get; set; } = 200;

    public string? ReasonPhrase { get; private set; }

    public void SetReasonPhrase(string reason) => ReasonPhrase = reason;

    public TestHeaders ResponseHeaders { get; } = new();

    IRuleHeaders IRuleExchange.ResponseHeaders => ResponseHeaders;

    public string? ServerAddress { get; set; }

    public Dictionary<int, string> ProxyTlvs { get; } = [];

    public string? ProxyTlv(int type) => ProxyTlvs.GetValueOrDefault(type);

    public bool? ProxyClientUsedTls { get; set; }
}

public sealed class TestHeaders : IRuleHeaders
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public int Count(string name) => _fields.Count(f => Matches(f, name));

    public string GetValue(string name, int index) => _fields.Where(f => Matches(f, name)).ElementAt(index).Value;

    public void SetValue(string name, string value)
    {
        Remove(name);
        AddValue(name, value);
    }

    public void AddValue(string name, string value) => _fields.Add(new(name, value));

    public void Remove(string name) => _fields.RemoveAll(f => Matches(f, name));

    public void Replace(string name, IReadOnlyList<string> values)
    {
        Remove(name);
        foreach (var value in values)
        {
            AddValue(name, value);
        }
    }

    public IEnumerable<KeyValuePair<string, string>> All() => _fields;

    public string? this[string name] => Count(name) == 0 ? null : string.Join(", ", _fields.Where(f => Matches(f, name)).Select(f => f.Value));

    private static bool Matches(KeyValuePair<string, string> field, string name) => field.Key.Equals(name, StringComparison.OrdinalIgnoreCase);
}
