using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Core.Tests.Validation;

public class MapValidatorTests
{
    [Fact]
    public void Validate_RepeatedKeys_ReportsEachRepeatWithTheFirstPosition()
    {
        var config = new GatewayConfig { Maps = [new() { Id = "hosts", Entries = [new("a", "1"), new("b", "2"), new("a", "3"), new("B", "4"), new("a", "5")] }] };

        var errors = ConfigValidator.Validate(config);

        Assert.Equal(
            [
                new ValidationError("maps[hosts].entries[#2].key", "The key 'a' is already the key of entries[#0]; a key may appear once in a map, so remove this entry or change its key."),
                new ValidationError("maps[hosts].entries[#4].key", "The key 'a' is already the key of entries[#0]; a key may appear once in a map, so remove this entry or change its key."),
            ],
            errors);
    }

    [Fact]
    public void Validate_BadAndRepeatedIds_ReportedLikeOtherEntities()
    {
        var config = new GatewayConfig { Maps = [new() { Id = "" }, new() { Id = "m" }, new() { Id = "M" }] };

        var errors = ConfigValidator.Validate(config);

        Assert.Equal(["maps[#0].id", "maps[M].id"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Validate_RulesText_ReportsEachBadLineWithItsScopeLineAndColumn()
    {
        var config = new GatewayConfig
        {
            Listeners = [new() { Id = "web", Address = "127.0.0.1:8080", Rules = "this is { not a rule" }],
            Clusters = [new() { Id = "c", Rules = "http-request deny\nhttp-request set-header X %[src,map(nowhere)]" }],
            Routes = [new() { Id = "r", Cluster = "c", Path = "/", Rules = "%%%" }],
        };

        Assert.Equal(
            [("listeners[web].rules", 1, 1), ("routes[r].rules", 1, 1), ("clusters[c].rules", 2, 33)],
            ConfigValidator.Validate(config).Select(e => (e.Path, e.Line ?? 0, e.Column ?? 0)));
    }
}
