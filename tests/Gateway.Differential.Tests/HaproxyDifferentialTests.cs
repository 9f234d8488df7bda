using Gateway.Differential.Tests.Infrastructure;

namespace Gateway.Differential.Tests;

/// <summary>Every case's requests through HAProxy 2.6 and through the gateway: the answers must agree, or differ as documented.</summary>
public sealed class HaproxyDifferentialTests(DifferentialFixture fixture) : IClassFixture<DifferentialFixture>
{
    public static TheoryData<string> Cases => [.. DifferentialCases.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Case_AgreesWithHaproxy(string name)
    {
        var @case = DifferentialCases.All.Single(c => c.Name == name);
        var differences = new List<string>();
        foreach (var request in @case.Requests)
        {
            var wire = DifferentialCase.Wire(request);
            var haproxy = Observation.From(await RawHttp.SendAsync(fixture.Haproxy.Ports[name], wire), @case);
            var gateway = Observation.From(await RawHttp.SendAsync(fixture.GatewayPort(name), wire), @case);
            if (haproxy != gateway)
            {
                differences.Add($"request:\n{request}\nhaproxy:\n{Describe(haproxy)}\ngateway:\n{Describe(gateway)}");
            }
        }

        if (@case.Differs is null)
        {
            Assert.True(differences.Count == 0, $"{name} differs from HAProxy:\n\n" + string.Join("\n\n", differences));
        }
        else
        {
            Assert.True(differences.Count > 0, $"{name} is marked as a difference ({@case.Differs}) but now agrees with HAProxy: remove the mark and its line in docs/rules.md.");
        }
    }

    private static string Describe(Observation o) =>
        $"  status {o.Status}, backend {o.Backend ?? "(none)"}\n  received: {o.Received?.Replace("\n", "\n            ", StringComparison.Ordinal)}\n  response headers: {o.ResponseHeaders.Replace("\n", "; ", StringComparison.Ordinal)}\n  body: {o.Body}";
}
