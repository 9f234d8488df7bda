using System.Globalization;
using System.Security.Claims;
using Gateway.Admin.Guard;
using Gateway.Admin.Store;
using Gateway.Admin.Ui.Security;
using Gateway.Admin.Ui.Services;
using Gateway.Admin.Ui.Services.Conflicts;
using Gateway.Admin.Ui.Services.Diffs;
using Gateway.Admin.Ui.Services.Simulation;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Gateway.Admin.Ui.Pages;

/// <summary>
/// The person's staged changes: what they are, their diff against the base revision, a request explained against
/// live and pending side by side, commit with a message, discard after a confirmation, and, when someone else
/// committed meanwhile, the conflict with the choice to rebase or discard.
/// </summary>
public partial class Pending
{
    private PendingState _state = new(0, 0, Core.Configuration.GatewayConfig.Empty, 0);
    private IReadOnlyList<ConfigOperation> _operations = [];
    private IReadOnlyList<ValidationError> _previewErrors = [];
    private IReadOnlyList<StickTableChangeNote> _stickNotes = [];
    private IReadOnlyList<string> _listeners = [];
    private readonly List<ValidationError> _sampleErrors = [];
    private List<ValidationError> _errors = [];
    private string _errorsTitle = "";
    private DiffView? _diff;
    private PendingConflict? _conflict;
    private SimulationComparison? _comparison;
    private RevisionSummary? _committed;
    private IReadOnlyList<string> _descriptions = [];
    private RebasePlan? _rebased;
    private bool _discarded;
    private bool _confirmRebase;
    private ClaimsPrincipal _user = new();

    [Inject] internal PendingChanges Changes { get; init; } = default!;

    [Inject] internal ConfigStore Store { get; init; } = default!;

    [Inject] internal CommitGuard Guards { get; init; } = default!;

    [Inject] internal OneTimeResults Results { get; init; } = default!;

    [SupplyParameterFromQuery(Name = "rebased")] private string? RebasedQuery { get; set; }

    [Inject] internal RequestSimulator Simulator { get; init; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [SupplyParameterFromQuery(Name = "layout")] private string? LayoutQuery { get; set; }

    [SupplyParameterFromQuery(Name = "discard")] private string? DiscardQuery { get; set; }

    // What a commit or discard did, after its redirect (post/redirect/get: a reload never posts it again).
    [SupplyParameterFromQuery(Name = "committed")] private long? CommittedQuery { get; set; }

    [SupplyParameterFromQuery(Name = "discarded")] private int? DiscardedQuery { get; set; }

    [Inject] internal NavigationManager Navigation { get; init; } = default!;

    [SupplyParameterFromForm(FormName = "simulate")] private SimulateForm? Simulate { get; set; }

    [SupplyParameterFromForm(FormName = "commit")] private CommitForm? Commit { get; set; }

    [SupplyParameterFromForm(FormName = "discard")] private DiscardForm? DiscardRequest { get; set; }

    [SupplyParameterFromForm(FormName = "rebase")] private RebaseForm? RebaseRequest { get; set; }

    private DiffLayout Layout => string.Equals(LayoutQuery, "unified", StringComparison.OrdinalIgnoreCase) ? DiffLayout.Unified : DiffLayout.SideBySide;

    private bool CanEdit => UserRoles.CanEdit(_user);

    private bool ConfirmDiscard { get; set; }

    private StagedDiffHeading DiffHeading => new(_state.BaseRevision, _state.LatestRevision);

    private string Author => _user.Identity?.Name ?? "";

    protected override async Task OnInitializedAsync()
    {
        _user = AuthenticationState is null ? new() : (await AuthenticationState).User;
        Simulate ??= new SimulateForm();
        Commit ??= new CommitForm();
        ConfirmDiscard = DiscardQuery == "1";
        _committed = CommittedQuery is { } number ? Store.Get(number)?.Info : null;
        _discarded = DiscardedQuery == 1;
        _rebased = Results.Take<RebasePlan>(Author, RebasedQuery);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _state = Changes.State(Author);
        _listeners = [.. _state.Document.Listeners.Select(l => l.Id)];
        var open = Changes.Current(Author);
        _operations = open?.Operations() ?? [];
        _conflict = open is null ? null : ConflictCheck.Detect(Store, open.BaseRevision, _operations);
        _descriptions = open is null ? [] : OperationChanges.Describe(Store.Read(open.BaseRevision)?.Document ?? GatewayConfig.Empty, _operations);
        _diff = null;
        _previewErrors = [];
        _stickNotes = [];
        if (open is not null && await Changes.PreviewAsync(Author) is { } preview)
        {
            _diff = DiffView.From(preview.Lines);
            _previewErrors = preview.Errors;
            _stickNotes = StickTableChangeNotes.From(preview.Changes);
        }
    }

    private async Task SimulateAsync() =>
        _comparison = await Simulator.CompareAsync(_state.Document, Simulate!.Sample, _sampleErrors);

    private async Task CommitAsync()
    {
        if (await Changes.CommitAsync(_user, Commit!.Message ?? "") is not { } result)
        {
            Fail("Nothing was committed:", [new("", CanEdit ? "There are no pending changes (they may have expired)." : "Viewers cannot commit.")]);
            return;
        }

        if (result.Succeeded)
        {
            if (Commit.Guard && Store.Get(result.Revision)?.Info.Parent is { } parent)
            {
                Guards.Start(result.Revision, parent, Author, Guards.Options.DefaultWindow);
            }

            Navigation.NavigateTo($"pending?committed={result.Revision}");
            return;
        }

        if (result.Status != CommitStatus.Conflict)
        {
            Fail("Nothing was committed:", result.Errors);
        }

        await LoadAsync();
    }

    private async Task RebaseAsync()
    {
        // A rebase that leaves something out needs a yes for the revision it goes onto: the dialog's (with script), or the
        // page's own question (without). A yes given for an older revision asks again, as the newer one may leave out more.
        if (_conflict is { Rebase.IsClean: false } conflict && !(RebaseRequest is { Confirmed: true } request && request.Onto == conflict.LatestRevision))
        {
            _confirmRebase = true;
            return;
        }

        _confirmRebase = false;
        var outcome = Changes.Rebase(_user, _conflict?.LatestRevision);
        if (outcome.Succeeded && outcome.Plan is { } plan)
        {
            // Post/redirect/get: a reload of the page that says what the rebase did does not rebase again.
            Navigation.NavigateTo($"pending?rebased={Results.Put(Author, plan)}");
            return;
        }

        _rebased = outcome.Plan;
        if (!outcome.Succeeded)
        {
            Fail("Nothing was rebased:", outcome.Errors);
        }

        await LoadAsync();
    }

    private async Task Discard()
    {
        if (DiscardRequest?.Confirmed != true)
        {
            ConfirmDiscard = true;
            return;
        }

        if (Changes.Discard(Author))
        {
            Navigation.NavigateTo("pending?discarded=1");
            return;
        }

        ConfirmDiscard = false;
        await LoadAsync();
    }

    private void Fail(string title, IEnumerable<ValidationError> errors)
    {
        _errorsTitle = title;
        _errors = [.. errors];
    }

    private string RebaseQuestion(PendingConflict conflict) =>
        $"Rebase onto revision {conflict.LatestRevision}? {conflict.Rebase.Skipped.Count} of your {_operations.Count} changes will be left out: " +
        $"{string.Join(", ", conflict.Rebase.Skipped.Select(s => s.Description))}. They cannot be brought back.";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    internal sealed class SimulateForm
    {
        public SampleRequest Sample { get; set; } = new();
    }

    internal sealed class CommitForm
    {
        public string? Message { get; set; }

        /// <summary>The "Guard this commit" checkbox: watch the touched routes for the default window and rewind if they get worse.</summary>
        public bool Guard { get; set; }
    }

    internal sealed class DiscardForm
    {
        public bool Confirmed { get; set; }
    }

    internal sealed class RebaseForm
    {
        public bool Confirmed { get; set; }

        /// <summary>The revision the rebase was confirmed for.</summary>
        public long Onto { get; set; }
    }
}
