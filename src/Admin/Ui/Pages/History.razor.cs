using Gateway.Admin.Guard;
using System.Globalization;
using System.Security.Claims;
using Gateway.Admin.Store;
using Gateway.Admin.Ui.Security;
using Gateway.Admin.Ui.Services;
using Gateway.Admin.Ui.Services.Diffs;
using Gateway.Core.Validation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin.Ui.Pages;

/// <summary>
/// Revisions, newest first, with author, time and message; the diff of any two (<c>?from=3&amp;to=5</c>, side by side
/// or unified); and rewind after a confirmation (<c>?rewind=3</c>), which commits a new revision based on the one that
/// was live when the confirmation was shown, so a rewind never lands on top of a commit its author has not seen.
/// </summary>
public partial class History
{
    internal const int PageSize = 50;

    private IReadOnlyList<RevisionSummary> _revisions = [];
    private long _latest;
    private RevisionDiff? _diff;
    private string? _diffProblem;
    private RevisionSummary? _confirm;
    private CommitPreview? _confirmDiff;
    private int _pendingCount;
    private List<ValidationError> _errors = [];
    private ClaimsPrincipal _user = new();

    [Inject] internal ConfigStore Store { get; init; } = default!;

    [Inject] internal CommitGuard Guards { get; init; } = default!;

    [Inject] internal PendingChanges Pending { get; init; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    [SupplyParameterFromQuery(Name = "page")] private int? PageQuery { get; set; }

    [SupplyParameterFromQuery(Name = "from")] private long? FromQuery { get; set; }

    [SupplyParameterFromQuery(Name = "to")] private long? ToQuery { get; set; }

    [SupplyParameterFromQuery(Name = "layout")] private string? LayoutQuery { get; set; }

    [SupplyParameterFromQuery(Name = "rewind")] private long? RewindQuery { get; set; }

    [SupplyParameterFromForm(FormName = "rewind")] private RewindForm? Rewind { get; set; }

    // After a rewind the page is fetched again (post/redirect/get) with what was done, so a reload never posts it twice.
    [SupplyParameterFromQuery(Name = "rewound")] private long? RewoundQuery { get; set; }

    [SupplyParameterFromQuery(Name = "rewoundTo")] private long? RewoundToQuery { get; set; }

    [Inject] internal NavigationManager Navigation { get; init; } = default!;

    private int Page => Math.Max(1, PageQuery ?? 1);

    private long From => FromQuery ?? Math.Max(1, _latest - 1);

    private long To => ToQuery ?? _latest;

    private DiffLayout Layout => string.Equals(LayoutQuery, "unified", StringComparison.OrdinalIgnoreCase) ? DiffLayout.Unified : DiffLayout.SideBySide;

    private bool CanEdit => UserRoles.CanEdit(_user);

    protected override async Task OnInitializedAsync()
    {
        _user = AuthenticationState is null ? new() : (await AuthenticationState).User;
        _pendingCount = Pending.Count(_user.Identity?.Name ?? "");
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _latest = Store.Read().Revision;
        _revisions = Store.History(Page, PageSize);
        _diff = null;
        if (FromQuery is not null || ToQuery is not null)
        {
            _diff = Store.Diff(From, To);
            _diffProblem = _diff is not null ? null
                : Store.IsPruned(From) || Store.IsPruned(To) ? $"Revisions {From} and {To} cannot be compared: the retention policy removed the document of revision {(Store.IsPruned(From) ? From : To)} (its history line and changes are kept)."
                : $"Revisions {From} and {To} cannot be compared: the latest revision is {_latest}.";
        }

        // On the rewind POST the confirmation (holding the form) renders once more before its handler runs:
        // static rendering dispatches a form's submit only to a form the page renders.
        _confirm = null;
        if ((RewindQuery ?? Rewind?.Revision) is { } number)
        {
            var target = Store.Read(number);
            _confirm = target is null ? null : Store.Get(number)?.Info;
            if (_confirm is null)
            {
                _errors = [new("", Store.IsPruned(number)
                    ? $"Revision {number} cannot be rewound to: the retention policy removed its document (its history line and changes are kept)."
                    : $"There is no revision {number}; the latest is {_latest}.")];
            }
            else
            {
                _confirmDiff = await Store.PreviewAsync(_latest, [ConfigOperation.Replace(target!.Document)], $"rewind to revision {number}");
            }
        }
    }

    private async Task RewindAsync()
    {
        var form = Rewind!;
        if (!CanEdit)
        {
            _errors = [new("", "Viewers cannot rewind; ask an admin for the editor role.")];
            _confirm = null;
            if (HttpContext is { Response.HasStarted: false } context)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
            }

            return;
        }

        var message = string.IsNullOrWhiteSpace(form.Message) ? $"rewind to revision {form.Revision}" : form.Message.Trim();
        var result = await Store.RewindAsync(form.Revision, form.Latest, _user.Identity!.Name!, message);
        if (result.Succeeded)
        {
            Navigation.NavigateTo($"history?rewound={result.Revision}&rewoundTo={form.Revision}");
            return;
        }

        _errors = result.Status == CommitStatus.Conflict
            ? [new("", $"Someone committed revision {result.Revision} after you asked to rewind, so nothing was changed. Look at the history again and rewind once more if you still want to.")]
            : [.. result.Errors];
        await LoadAsync();
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    internal sealed class RewindForm
    {
        public long Revision { get; set; }

        public long Latest { get; set; }

        public string? Message { get; set; }
    }
}
