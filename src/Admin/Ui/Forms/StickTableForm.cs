using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.StickTables;

namespace Gateway.Admin.Ui.Forms;

/// <summary>
/// The stick-table form's inputs. To add a field: a property here, a line in <see cref="From"/> and in
/// <see cref="ToConfig"/>, its validator name in <see cref="Fields"/>, and an input in StickTableEdit.razor.
/// Fields the form does not know are kept from the table being edited (<c>with</c> on the existing record).
/// Whether a data type or a size is valid is the validator's to say (Core's <see cref="StickTableSchema"/>),
/// so the page shows the same words the API answers with; the form only reads what is not text.
/// </summary>
internal sealed class StickTableForm
{
    /// <summary>The key types in the document's words, in the order the select lists them.</summary>
    public static IReadOnlyList<string> Types { get; } = [.. new[] { StickKeyType.Address, StickKeyType.Number, StickKeyType.Text, StickKeyType.Binary }.Select(TypeName)];

    public static IReadOnlyList<string> Fields { get; } = ["id", "type", "size", "expire", "store"];

    public string? Id { get; set; }

    /// <summary><c>ip</c>, <c>integer</c>, <c>string</c> or <c>binary</c>.</summary>
    public string? Type { get; set; }

    public string? Size { get; set; }

    public string? Expire { get; set; }

    /// <summary>Data types in HAProxy's names, separated by commas, spaces or lines: <c>http_req_rate(10s), conn_cur</c>.</summary>
    public string? Store { get; set; }

    /// <summary>A new table's form: HAProxy's usual per-client table.</summary>
    public static StickTableForm ForNew() => From(new StickTableConfig { Id = "" });

    public static StickTableForm From(StickTableConfig table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new()
        {
            Id = table.Id,
            Type = TypeName(table.Type),
            Size = FormValues.Text(table.Size),
            Expire = table.Expire is { } expire ? HaproxyTime.Format(expire) : "",
            Store = FormValues.Text(table.Store),
        };
    }

    public StickTableConfig? ToConfig(StickTableConfig? existing, FormErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var type = ParseType(Type, errors);
        var size = string.IsNullOrWhiteSpace(Size)
            ? Missing("size", "Give the most entries the table keeps, e.g. 100000.", errors)
            : FormValues.Integer(Size, "size", "give the most entries the table keeps, e.g. 100000", errors);
        var expire = FormValues.Duration(Expire, "expire", "leave it empty to keep entries until they are evicted", errors);
        if (errors.Any)
        {
            return null;
        }

        return (existing ?? new StickTableConfig { Id = "" }) with
        {
            Id = existing?.Id ?? Id?.Trim() ?? "",
            Type = type,
            Size = size!.Value,
            Expire = expire,
            Store = FormValues.List(Store),
        };
    }

    private static StickKeyType ParseType(string? text, FormErrors errors)
    {
        var trimmed = text?.Trim() ?? "";
        foreach (var type in Enum.GetValues<StickKeyType>())
        {
            if (string.Equals(TypeName(type), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return type;
            }
        }

        errors.Add("type", $"'{trimmed}' is not a stick-table type; choose one of {string.Join(", ", Types)}.");
        return StickKeyType.Address;
    }

    private static int? Missing(string field, string message, FormErrors errors)
    {
        errors.Add(field, message);
        return null;
    }

    // The document's own spelling (the canonical JSON's), so the form, the list and the API say the same word.
    private static string TypeName(StickKeyType type) => CanonicalJson.ToWire(new StickTableConfig { Id = "", Type = type }).Type ?? "ip";
}
