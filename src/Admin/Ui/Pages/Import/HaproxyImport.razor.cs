using Gateway.Admin.Configuration;
using Gateway.Admin.Store;
using Gateway.Core.Import.Haproxy;
using Gateway.Core.Validation;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Ui.Pages.Import;

/// <summary>
/// Converts a pasted (or chosen) haproxy.cfg and stages the document, replacing the configuration, in the
/// person's pending changes; shows every line not converted and why.
/// </summary>
public partial class HaproxyImport
{
    private HaproxyImportResult? _result;
    private bool _staged;
    private IReadOnlyList<ValidationError> _errors = [];

    [Inject] internal IOptions<AdminOptions> Options { get; init; } = default!;

    [SupplyParameterFromForm(FormName = "haproxy-import")] private ImportForm? Form { get; set; }

    protected override void Load() => Form ??= new ImportForm();

    private void Submit()
    {
        // The same conversion as POST /config/import/haproxy: files only from the configured directories.
        _result = HaproxyImporter.Import(Form?.Text ?? "", new HaproxyImportOptions
        {
            ReadFile = HaproxyImportOptions.FilesUnder([.. Options.Value.HaproxyImportDirectories]),
        });
        var staged = Pending.Stage(User, [ConfigOperation.Replace(_result.Document)]);
        _staged = staged.Succeeded;
        _errors = staged.Errors;
        if (!_staged)
        {
            SetStatus(staged.Status == Services.StageStatus.Forbidden ? 403 : 422);
        }
    }

    internal sealed class ImportForm
    {
        public string? Text { get; set; }
    }
}
