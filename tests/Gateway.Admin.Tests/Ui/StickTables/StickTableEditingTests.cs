using Gateway.Admin.Store;
using Gateway.Admin.Ui.Forms;
using Gateway.Admin.Ui.Services;
using Gateway.Admin.Ui.Services.Conflicts;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;

namespace Gateway.Admin.Tests.Ui.StickTables;

/// <summary>
/// What the stick-table pages rest on: the form (what it shows is what it saves; text that is not a number or a
/// duration is an error at its field), the deletion check (a table rules still name cannot be deleted), and the words
/// for what a staged change does to a table's entries.
/// </summary>
public class StickTableEditingTests
{
    private static readonly StickTableConfig PerIp = new()
    {
        Id = "per_ip", Type = StickKeyType.Address, Size = 1000, Expire = TimeSpan.FromMinutes(1), Store = ["http_req_rate(10s)", "conn_cur"],
    };

    private static readonly GatewayConfig Tracked = new()
    {
        Listeners = [new ListenerConfig { Id = "web", Address = "127.0.0.1:8080", Rules = "http-request set-header X-Seen yes\nhttp-request track-sc0 src table per_ip" }],
        StickTables = [PerIp],
    };

    [Fact]
    public void Form_RoundTrip_IsTheSameTable_ForEveryKeyType()
    {
        foreach (var type in Enum.GetValues<StickKeyType>())
        {
            var table = PerIp with { Type = type };
            var errors = new FormErrors();

            Assert.Equal(table, StickTableForm.From(table).ToConfig(table, errors));
            Assert.False(errors.Any);
        }
    }

    [Fact]
    public void Form_ShowsTheDocumentsWords()
    {
        var form = StickTableForm.From(PerIp with { Type = StickKeyType.Number });

        Assert.Equal(("integer", "1000", "1m", "http_req_rate(10s), conn_cur"), (form.Type, form.Size, form.Expire, form.Store));
        Assert.Equal(["ip", "integer", "string", "binary"], StickTableForm.Types);
    }

    [Fact]
    public void Form_ForANewTable_ReadsIdTypeAndOneTypePerLineOrComma()
    {
        var form = StickTableForm.ForNew();
        (form.Id, form.Type, form.Expire, form.Store) = (" per_key ", "string", "10m", "http_req_rate(10s)\nhttp_err_cnt, gpc0");

        var table = form.ToConfig(null, new FormErrors())!;

        Assert.Equal(new StickTableConfig { Id = "per_key", Type = StickKeyType.Text, Size = 100_000, Expire = TimeSpan.FromMinutes(10), Store = ["http_req_rate(10s)", "http_err_cnt", "gpc0"] }, table);
    }

    [Theory]
    [InlineData("lots", null, "size")]
    [InlineData("", null, "size")]
    [InlineData("100", "soon", "expire")]
    public void Form_TextThatIsNotANumberOrADuration_IsAnErrorAtItsField(string size, string? expire, string field)
    {
        var form = StickTableForm.From(PerIp);
        (form.Size, form.Expire) = (size, expire);
        var errors = new FormErrors();

        Assert.Null(form.ToConfig(PerIp, errors));
        Assert.NotEmpty(errors.For(field));
    }

    [Fact]
    public void Form_AnUnknownKeyType_IsAnErrorAtTheType()
    {
        var form = StickTableForm.From(PerIp);
        form.Type = "ipv7";
        var errors = new FormErrors();

        Assert.Null(form.ToConfig(PerIp, errors));
        Assert.Contains("ip, integer, string, binary", Assert.Single(errors.For("type")), StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_ATableRulesName_IsRefused_NamingTheRulesAndTheirLine()
    {
        var refusal = DeletionCheck.Refusal(Tracked, EntityKind.StickTable, "per_ip");

        Assert.Equal("Stick table \"per_ip\" is used by the rules of listener web, line 2; change them first (ACLs and rules page).", refusal);
    }

    [Fact]
    public void Deleting_ATableNoRuleNames_IsAllowed()
    {
        var untracked = Tracked with { Listeners = [Tracked.Listeners[0] with { Rules = "" }] };

        Assert.Null(DeletionCheck.Refusal(untracked, EntityKind.StickTable, "per_ip"));
    }

    [Fact]
    public void ChangeNotes_SayWhichTablesKeepTheirEntries_AsThePreviewDecides()
    {
        var before = new GatewayConfig { StickTables = [PerIp, PerIp with { Id = "b" }, PerIp with { Id = "c" }, PerIp with { Id = "gone" }] };
        var after = new GatewayConfig
        {
            StickTables = [PerIp with { Size = 5000 }, PerIp with { Id = "b", Store = ["conn_cur"] }, PerIp with { Id = "c", Type = StickKeyType.Text }, PerIp with { Id = "new" }],
        };

        var notes = StickTableChangeNotes.From(DocumentChanges.Between(before, after)).ToDictionary(n => n.Id);

        Assert.Equal(["b", "c", "gone", "per_ip"], notes.Keys.Order(StringComparer.Ordinal));
        Assert.False(notes["per_ip"].DropsEntries);
        Assert.Contains("keeps its entries", notes["per_ip"].Text, StringComparison.Ordinal);
        Assert.Contains("(size)", notes["per_ip"].Text, StringComparison.Ordinal);
        Assert.True(notes["b"].DropsEntries);
        Assert.Contains(DocumentChanges.StickTableResetNote, notes["b"].Text, StringComparison.Ordinal);
        Assert.True(notes["c"].DropsEntries);
        Assert.True(notes["gone"].DropsEntries);
    }

    [Fact]
    public void StagedOperations_NameTheStickTableAndTheFieldsTheyChange()
    {
        var descriptions = OperationChanges.Describe(Tracked, [ConfigOperation.Update(PerIp with { Size = 10 }), ConfigOperation.Delete(EntityKind.StickTable, "per_ip")]);

        Assert.Equal(["update stick table per_ip: size", "delete stick table per_ip"], descriptions);
        Assert.Equal(OperationText.Entity("stickTables", "per_ip"), OperationText.Entity(ConfigOperation.Delete(EntityKind.StickTable, "per_ip")));
    }
}
