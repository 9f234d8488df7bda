using System.Security.Claims;
using Gateway.Admin.Configuration;
using Gateway.Admin.Store;
using Gateway.Admin.Ui.Security;
using Gateway.Admin.Ui.Services;
using Gateway.Core.Import.Haproxy;
using Gateway.Core.Validation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
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
    private ClaimsPrincipal _user = new();

    [Inject] internal PendingChanges Pending { get; init; } = default!;

    [Inject] internal IOptions<AdminOptions> Options { get; init; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [SupplyParameterFromForm(FormName = "haproxy-import")] private ImportForm? Form { get; set; }

    private bool CanEdit => UserRoles.CanEdit(_user);

    protected override async Task OnInitializedAsync()
    {
        _user = AuthenticationState is null ? new() : (await AuthenticationState).User;
        Form ??= new ImportForm();
    }

    private void Submit()
    {
        // The same conversion as POST /config/import/haproxy: files only from the configured directories.
        _result = HaproxyImporter.Import(Form?.Text ?? "", new HaproxyImportOptions
        {
            ReadFile = HaproxyImportOptions.FilesUnder([.. Options.Value.HaproxyImportDirectories]),
        });
        var staged = Pending.Stage(_user, [ConfigOperation.Replace(_result.Document)]);
        _staged = staged.Succeeded;
        _errors = staged.Errors;
    }

    internal sealed class ImportForm
    {
        public string? Text { get; set; }
    }
}
