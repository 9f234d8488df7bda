using Gateway.Core.Rules.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gateway.Http;

/// <summary>ASP.NET Core's header dictionary as rules see it: each value of a header is one field line.</summary>
internal sealed class HeaderDictionaryAdapter(IHeaderDictionary headers) : IRuleHeaders
{
    public int Count(string name) => headers.TryGetValue(name, out var values) ? values.Count : 0;

    public string GetValue(string name, int index) => headers[name][index] ?? "";

    public void SetValue(string name, string value) => headers[name] = value;

    public void AddValue(string name, string value) => headers.Append(name, value);

    public void Remove(string name) => headers.Remove(name);

    public void Replace(string name, IReadOnlyList<string> values) => headers[name] = new StringValues([.. values]);

    public IEnumerable<KeyValuePair<string, string>> All()
    {
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                yield return new(name, value ?? "");
            }
        }
    }
}
